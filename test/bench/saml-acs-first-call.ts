/**
 * Run in a fresh process by saml-acs.ts: the cost of the FIRST SAML validation in a process
 * (schema compile, first-use JIT), which a freshly started backend pays on its first sign-in.
 * Prints one JSON line: { importMs, firstMs }.
 */
import { createSamlIdentityProvider } from '../../main/demo/saml-response-builder';

const SP = 'http://127.0.0.1:8443/sso/saml/bench/metadata';
const ACS = 'http://127.0.0.1:8443/sso/saml/bench/acs';

const idp = createSamlIdentityProvider({ entityId: 'https://idp.bench.test/saml' });
const samlResponse = idp.buildResponse({ spEntityId: SP, acsUrl: ACS, inResponseTo: '_bench-request', email: 'alice@acme.test' });

const t0 = performance.now();
const { createSamlSp } = await import('../../main/backend/saml/saml-sp');
const t1 = performance.now();
const sp = await createSamlSp(
  { connectionId: 'bench', idpMetadataXml: idp.metadataXml('https://idp.bench.test/sso'), spEntityId: SP, acsUrls: [ACS], allowIdpInitiated: false, clockSkewSeconds: 60 },
  { now: () => new Date() },
);
await sp.validateResponse({ samlResponse, expectedRequestId: '_bench-request' });
const t2 = performance.now();
process.stdout.write(`${JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1 })}\n`);
