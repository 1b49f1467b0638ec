const t0 = performance.now();
const { loadSamlSchemaCheck } = await import('/work/main/main/backend/saml/saml-schema-validator');
const t1 = performance.now();
const { createSamlIdentityProvider } = await import('/work/main/main/demo/saml-response-builder');
const idp = createSamlIdentityProvider();
const xml = idp.buildResponseXml({ spEntityId: 'https://sp', acsUrl: 'http://localhost/acs', inResponseTo: '_abc', email: 'alice@acme.test', attributes: { groups: ['a','b'] } });
const t2 = performance.now();
const check = await loadSamlSchemaCheck();
const t3 = performance.now();
check(xml);
const t4 = performance.now();
console.log({ importMs: t1-t0, compileMs: t3-t2, firstMs: t4-t3 });
const N=2000; const t5=performance.now(); for (let i=0;i<N;i++) check(xml); console.log('per call ms', (performance.now()-t5)/N);
for (const bad of [xml.replace('Version="2.0"', 'Version="2.0" Foo="x"'), xml.replace('<saml:Issuer>', '<saml:Issuerx>').replace('</saml:Issuer>','</saml:Issuerx>'), '<a>', xml.replace(/<samlp:Status>.*?<\/samlp:Status>/, '')]) {
  try { check(bad); console.log('NOT REJECTED'); } catch (e) { console.log((e as Error).message); }
}
