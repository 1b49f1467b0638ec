const { createSamlTestKit, REQUEST_ID } = await import('../test/unit/backend/saml/saml-sp-fixture');
const kit = createSamlTestKit(); const sp = await kit.sp();
const ev = kit.responseXml(REQUEST_ID, { email: 'mallory@evil.test', signAssertion: false, signResponse: false });
const evil = (/<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(ev)?.[0] ?? '').replace(/ID="_/, 'ID="_evil');
const r = kit.response(REQUEST_ID, { signResponse: false, mutateXml: (x: string) => { const s = /<saml:Assertion[\s\S]*<\/saml:Assertion>/.exec(x)?.[0] ?? ''; return x.replace(s, evil).replace('<samlp:Status>', `<samlp:Extensions>${s}</samlp:Extensions><samlp:Status>`); } });
try { await sp.validateResponse({ samlResponse: r, expectedRequestId: REQUEST_ID }); } catch (e) { console.log((e as Error).message); }
