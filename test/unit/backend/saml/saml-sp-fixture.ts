import { expect } from 'vitest';
import { createSamlSp, type SamlSp, type SamlSpSettings } from '../../../../main/backend/saml/saml-sp';
import type { SamlCheck } from '../../../../main/backend/saml/saml-check-error';
import { createSamlIdentityProvider, type BuildResponseOptions, type SamlIdentityProvider } from '../../../support/saml-idp';

/** A fixed clock shared by the IdP (when it stamps times) and the SP (when it checks them). */
export const NOW = new Date('2031-03-14T12:00:00.000Z');
export const SP_ENTITY_ID = 'http://127.0.0.1:8443/sso/saml/acme/metadata';
export const ACS_URL = 'http://127.0.0.1:8443/sso/saml/acme/acs';
export const LOOPBACK_ACS_URL = 'http://localhost:47123/sso/saml/acme/acs';
export const IDP_ENTITY_ID = 'https://idp.acme.test/saml';
export const SSO_URL = 'https://idp.acme.test/sso';

export interface SamlTestKit {
  readonly idp: SamlIdentityProvider;
  /** Another IdP with its own key: what an attacker can sign with. */
  readonly forger: SamlIdentityProvider;
  sp(overrides?: Partial<SamlSpSettings>): Promise<SamlSp>;
  /** A valid SP-initiated response for `requestId`, with any field overridden. */
  response(requestId: string | null, overrides?: Partial<BuildResponseOptions>): string;
  responseXml(requestId: string | null, overrides?: Partial<BuildResponseOptions>): string;
}

/** Key generation costs ~100 ms, so each test file makes one kit in beforeAll. */
export function createSamlTestKit(): SamlTestKit {
  const idp = createSamlIdentityProvider({ entityId: IDP_ENTITY_ID });
  const forger = createSamlIdentityProvider({ entityId: IDP_ENTITY_ID });
  const options = (requestId: string | null, overrides: Partial<BuildResponseOptions> = {}): BuildResponseOptions => ({
    spEntityId: SP_ENTITY_ID,
    acsUrl: ACS_URL,
    inResponseTo: requestId,
    email: 'alice@acme.test',
    attributes: { name: 'Alice Liddell', groups: ['engineering', 'admins'] },
    now: NOW,
    ...overrides,
  });
  return {
    idp,
    forger,
    sp: (overrides = {}) =>
      createSamlSp(
        {
          connectionId: 'acme',
          idpMetadataXml: idp.metadataXml(SSO_URL),
          spEntityId: SP_ENTITY_ID,
          acsUrls: [ACS_URL, LOOPBACK_ACS_URL],
          allowIdpInitiated: false,
          clockSkewSeconds: 60,
          ...overrides,
        },
        { now: () => NOW },
      ),
    response: (requestId, overrides) => idp.buildResponse(options(requestId, overrides)),
    responseXml: (requestId, overrides) => idp.buildResponseXml(options(requestId, overrides)),
  };
}

export const REQUEST_ID = '_1f0c8a4e2b7d4c1e9a3f5b6c7d8e9f0a1b2c3d4e';

export function base64(xml: string): string {
  return Buffer.from(xml, 'utf8').toString('base64');
}

/** Asserts the stable contract of a refusal: code invalid_response, the check in detail and first in the message. */
export async function expectRefused(promise: Promise<unknown>, check: SamlCheck): Promise<void> {
  await expect(promise).rejects.toMatchObject({
    name: 'AppError',
    code: 'invalid_response',
    detail: { check },
    message: expect.stringMatching(new RegExp(`^${check}: \\S`)),
  });
}
