const { createSamlTestKit, REQUEST_ID } = await import('../test/unit/backend/saml/saml-sp-fixture');
const kit = createSamlTestKit(); const sp = await kit.sp();
const r = kit.response(REQUEST_ID, { signAssertion: false, mutateXml: (x: string) => { const evil = kit.responseXml(REQUEST_ID, { email: 'mallory@evil.test', signAssertion: false, signResponse: false }); return evil.replace('<samlp:Status>', `<samlp:Extensions><w:wrap xmlns:w="urn:example:wrap">${x}</w:wrap></samlp:Extensions><samlp:Status>`); } });
try { await sp.validateResponse({ samlResponse: r, expectedRequestId: REQUEST_ID }); } catch (e) { console.log((e as Error).message); }
