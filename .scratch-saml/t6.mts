const { createSamlIdentityProvider } = await import('/work/main/main/demo/saml-response-builder');
const { decodeSamlResponse } = await import('/work/main/main/backend/saml/decode-saml-response');
const { inspectSamlResponse } = await import('/work/main/main/backend/saml/inspect-saml-response');
const { verifySamlSignatures } = await import('/work/main/main/backend/saml/verify-saml-signatures');
const { loadIdpMetadata } = await import('/work/main/main/backend/saml/saml-idp-metadata');
const idp = createSamlIdentityProvider();
const meta = loadIdpMetadata('x', idp.metadataXml('http://127.0.0.1:9/sso'));
const rs = Array.from({ length: 200 }, () => idp.buildResponse({ spEntityId: 'http://sp', acsUrl: 'http://a', inResponseTo: '_x', email: 'alice@acme.test' }));
const t = performance.now();
for (let k = 0; k < 5; k++) for (const r of rs) { const x = decodeSamlResponse(r); verifySamlSignatures(inspectSamlResponse(x), meta.signingKeys); }
console.log((performance.now() - t) / rs.length / 5);
