import { randomBytes } from 'node:crypto';
import { ServiceProvider, setSchemaValidator, type ServiceProviderInstance } from 'samlify';
import { AppError } from '../../errors/app-error';
import { checkSamlAssertion, type AssertionCheckContext } from './check-saml-assertion';
import { authnRequestXml } from './saml-authn-request-xml';
import { readSignedAssertion } from './read-signed-assertion';
import { decodeSamlResponse } from './decode-saml-response';
import { diagnoseSamlResponse, type SamlDiagnosis } from './diagnose-saml-response';
import { inspectSamlResponse, responseAttributes } from './inspect-saml-response';
import { loadIdpMetadata } from './saml-idp-metadata';
import { loadSamlSchemaCheck } from './saml-schema-validator';
import { BINDING_POST, NAMEID_FORMAT_EMAIL } from './saml-uris';
import { verifySamlSignatures } from './verify-saml-signatures';

export interface SamlSpSettings {
  connectionId: string;
  idpMetadataXml: string;
  spEntityId: string;
  /** [0] is the default. */
  acsUrls: readonly string[];
  allowIdpInitiated: boolean;
  clockSkewSeconds: number;
}

export interface SamlAssertionIdentity {
  nameId: string;
  /** Lower-cased. */
  email: string;
  attributes: Readonly<Record<string, string | readonly string[]>>;
  /** For the replay cache (SAML profiles §4.1.4.5). */
  assertionId: string;
  inResponseTo: string | null;
  /**
   * The instant from which this SP refuses the assertion (its earliest NotOnOrAfter plus the
   * clock skew): keep the assertion ID in the replay cache at least until then.
   */
  notOnOrAfter: Date;
  issuer: string;
}

export interface SamlSp {
  metadataXml(): string;
  createAuthnRequest(o: { relayState: string; acsUrl?: string; subjectEmail?: string | null }): { url: string; requestId: string };
  validateResponse(o: { samlResponse: string; expectedRequestId: string | null }): Promise<SamlAssertionIdentity>;
  /** Every check of validateResponse, each on its own, for a test sign-in (accepts nothing). */
  diagnoseResponse(o: { samlResponse: string; expectedRequestId: string }): SamlDiagnosis;
}

/**
 * A SAML 2.0 service provider for one SSO connection (Web Browser SSO profile, SP-initiated via
 * HTTP-Redirect, responses via HTTP-POST). Replay cache, transaction binding (RelayState) and
 * domain checks belong to the route layer.
 *
 * samlify provides the IdP (from metadata), the SP metadata and the HTTP-Redirect AuthnRequest.
 * Its response flow (`parseLoginResponse`) is deliberately not called: it accepts a response as
 * soon as ONE signature verifies, reads the wall clock instead of `deps.now`, skips Audience, Recipient,
 * Destination, InResponseTo and algorithm checks, and its XPath-driven verification alone costs
 * ≈ 9 ms per response here. validateResponse does each of its steps itself, stricter, in
 * ≈ 2.5 ms (README.md in this folder has the figures).
 */
export async function createSamlSp(settings: SamlSpSettings, deps: { now: () => Date }): Promise<SamlSp> {
  const bad = (what: string): AppError => new AppError('config_invalid', `SAML connection "${settings.connectionId}": ${what}`);
  if (settings.acsUrls.length === 0) throw bad('at least one ACS URL is required');
  if (!settings.spEntityId) throw bad('the SP entityID is empty');
  if (!Number.isFinite(settings.clockSkewSeconds) || settings.clockSkewSeconds < 0 || settings.clockSkewSeconds > 600) {
    throw bad('clockSkewSeconds must be between 0 and 600');
  }
  const idp = loadIdpMetadata(settings.connectionId, settings.idpMetadataXml);

  const schemaCheck = await loadSamlSchemaCheck();
  // samlify refuses to run any of its flows without a schema validator; it gets the same
  // compiled check validateResponse uses, so nothing samlify parses escapes validation.
  setSchemaValidator({ validate: async (xml: string) => schemaCheck(xml) });

  const sp: ServiceProviderInstance = ServiceProvider({
    entityID: settings.spEntityId,
    authnRequestsSigned: false,
    // Signatures are required below on the Response, the Assertion or both (CONTRACT.md);
    // samlify's flags can only demand the Assertion one.
    wantAssertionsSigned: false,
    wantMessageSigned: false,
    nameIDFormat: [NAMEID_FORMAT_EMAIL],
    assertionConsumerService: settings.acsUrls.map((url, i) => ({ Binding: BINDING_POST, Location: url, isDefault: i === 0 })),
  });
  const spMetadataXml = sp.getMetadata();
  const checkContext = (expectedRequestId: string | null): AssertionCheckContext => ({
    idpEntityId: idp.entityId,
    spEntityId: settings.spEntityId,
    acsUrls: settings.acsUrls,
    expectedRequestId,
    allowIdpInitiated: settings.allowIdpInitiated,
    clockSkewMs: settings.clockSkewSeconds * 1000,
    now: deps.now(),
  });

  return {
    metadataXml: () => spMetadataXml,

    createAuthnRequest({ relayState, acsUrl, subjectEmail }) {
      const target = acsUrl ?? settings.acsUrls[0];
      if (target === undefined || !settings.acsUrls.includes(target)) {
        throw new AppError('bad_request', 'the ACS URL is not one of this connection\'s ACS URLs');
      }
      // 160 random bits; xs:ID must start with a letter or underscore (SAML core §1.3.4).
      const requestId = `_${randomBytes(20).toString('hex')}`;
      const { context } = sp.createLoginRequest(idp.idp, 'redirect', {
        relayState,
        customTagReplacement: () => ({
          id: requestId,
          context: authnRequestXml({
            id: requestId,
            issueInstant: deps.now(),
            destination: idp.ssoRedirectUrl,
            spEntityId: settings.spEntityId,
            acsUrl: target,
            subjectEmail: subjectEmail ?? null,
          }),
        }),
      });
      return { url: context, requestId };
    },

    async validateResponse({ samlResponse, expectedRequestId }) {
      // Order matters: cheap refusals before any parser, schema before structure, structure
      // before crypto, crypto before reading a single identity field.
      const xml = decodeSamlResponse(samlResponse);
      schemaCheck(xml);
      const shape = inspectSamlResponse(xml);
      const signatures = verifySamlSignatures(shape, idp.signingKeys);
      const facts = readSignedAssertion(signatures.authenticatedAssertionXml);
      const checked = checkSamlAssertion({ ...responseAttributes(shape.response), signed: signatures.responseSigned }, facts, checkContext(expectedRequestId));
      return { ...checked, issuer: idp.entityId };
    },

    diagnoseResponse({ samlResponse, expectedRequestId }) {
      return diagnoseSamlResponse(samlResponse, { schemaCheck, signingKeys: idp.signingKeys, ctx: checkContext(expectedRequestId) });
    },
  };
}


