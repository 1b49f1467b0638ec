import { fileURLToPath } from 'node:url';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { createSamlSp } from '../../main/backend/saml/saml-sp';
import { createSamlIdentityProvider } from '../../main/demo/saml-response-builder';
import { inFreshProcess } from './fresh-process';

/**
 * SAML response validation throughput: Keyhaven's validateResponse against @node-saml/node-saml's
 * validatePostResponseAsync (the usual Node SP library) on the SAME freshly built responses,
 * in the same process and run. Both are set to require the Response and the Assertion
 * signatures and every response carries both, so both verify two signatures; node-saml does no
 * schema validation and fewer checks (no Recipient/InResponseTo binding here), so the
 * comparison flatters the baseline, not us. A warm-up response is validated by each first.
 *
 * firstMs: createSamlSp + the first validateResponse in a fresh `tsx` process (schema compile
 * included, module loading excluded: see saml-acs-first-call.ts, which also reports importMs).
 */
export async function benchSamlValidation(o: { n?: number } = {}): Promise<{ perSecond: number; baselinePerSecond: number; firstMs: number }> {
  const n = o.n ?? 300;
  const spEntityId = 'http://127.0.0.1:8443/sso/saml/bench/metadata';
  const acsUrl = 'http://127.0.0.1:8443/sso/saml/bench/acs';
  const idp = createSamlIdentityProvider({ entityId: 'https://idp.bench.test/saml' });

  const sp = await createSamlSp(
    { connectionId: 'bench', idpMetadataXml: idp.metadataXml('https://idp.bench.test/sso'), spEntityId, acsUrls: [acsUrl], allowIdpInitiated: false, clockSkewSeconds: 60 },
    { now: () => new Date() },
  );
  const baseline = new SAML({
    idpCert: idp.certPem,
    idpIssuer: idp.entityId,
    issuer: spEntityId,
    audience: spEntityId,
    callbackUrl: acsUrl,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: true,
    validateInResponseTo: ValidateInResponseTo.never,
    acceptedClockSkewMs: 60_000,
  });

  // n + 1 distinct responses (own request ID, assertion ID, signature); [0] is the warm-up.
  const cases = Array.from({ length: n + 1 }, (_, i) => {
    const requestId = `_bench${i.toString(16).padStart(8, '0')}${Math.random().toString(16).slice(2, 10)}`;
    return { requestId, samlResponse: idp.buildResponse({ spEntityId, acsUrl, inResponseTo: requestId, email: `user${i}@acme.test` }) };
  });
  const [warmUp, ...measured] = cases;
  if (!warmUp) throw new Error('no cases');

  await sp.validateResponse({ samlResponse: warmUp.samlResponse, expectedRequestId: warmUp.requestId });
  let start = performance.now();
  for (const c of measured) await sp.validateResponse({ samlResponse: c.samlResponse, expectedRequestId: c.requestId });
  const perSecond = (measured.length * 1000) / (performance.now() - start);

  await baseline.validatePostResponseAsync({ SAMLResponse: warmUp.samlResponse });
  start = performance.now();
  for (const c of measured) {
    const { profile } = await baseline.validatePostResponseAsync({ SAMLResponse: c.samlResponse });
    if (!profile) throw new Error('baseline refused a valid response');
  }
  const baselinePerSecond = (measured.length * 1000) / (performance.now() - start);

  const { firstMs } = await firstCallInFreshProcess();
  return { perSecond, baselinePerSecond, firstMs };
}

function firstCallInFreshProcess(): Promise<{ importMs: number; firstMs: number }> {
  return inFreshProcess(fileURLToPath(new URL('./saml-acs-first-call.ts', import.meta.url)));
}
