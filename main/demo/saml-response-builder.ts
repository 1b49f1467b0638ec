import { randomBytes } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { createSelfSignedCertificate, SAML_IDP_COMMON_NAME, type SelfSignedCertificate } from './saml-idp-certificate';
import { escapeXml } from './saml-xml-escape';

/**
 * An independent SAML 2.0 identity provider core (NOT samlify): it writes Response/Assertion XML
 * by hand and signs it with xml-crypto, so the SP under test is checked against a second
 * implementation rather than against itself. Every field can be set or broken by a test, and
 * `mutateXml` runs after signing for wrapping and tampering attacks.
 */

const NS_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const NS_ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
export const NAMEID_EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

const ALGORITHMS = {
  sha1: { signature: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1', digest: 'http://www.w3.org/2000/09/xmldsig#sha1' },
  sha256: { signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', digest: 'http://www.w3.org/2001/04/xmlenc#sha256' },
  sha512: { signature: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', digest: 'http://www.w3.org/2001/04/xmlenc#sha512' },
} as const;

export type SamlSignatureAlgorithm = keyof typeof ALGORITHMS;

export interface SamlSigningKey {
  readonly privateKeyPem: string;
  readonly certPem: string;
}

export interface BuildResponseOptions {
  /** The SP's entityID: the default Audience. */
  readonly spEntityId: string;
  readonly audience?: string;
  /** The ACS URL: the default Destination and Recipient. */
  readonly acsUrl: string;
  /** null leaves Destination out. */
  readonly destination?: string | null;
  readonly recipient?: string;
  /** The AuthnRequest ID answered; null for an unsolicited (IdP-initiated) response. */
  readonly inResponseTo: string | null;
  /** Overrides the SubjectConfirmationData InResponseTo only (null leaves it out). */
  readonly subjectInResponseTo?: string | null;
  readonly email: string;
  /** Defaults to the email. */
  readonly nameId?: string;
  readonly nameIdFormat?: string;
  readonly attributes?: Readonly<Record<string, string | readonly string[]>>;
  /** Response Issuer; null leaves it out. */
  readonly issuer?: string | null;
  readonly assertionIssuer?: string;
  readonly now?: Date;
  readonly notBefore?: Date;
  readonly notOnOrAfter?: Date;
  readonly subjectNotOnOrAfter?: Date;
  readonly subjectConfirmationMethod?: string;
  readonly statusCode?: string;
  readonly subStatusCode?: string;
  readonly statusMessage?: string;
  /** Defaults to true only when the status is Success. */
  readonly includeAssertion?: boolean;
  readonly signResponse?: boolean;
  readonly signAssertion?: boolean;
  readonly signatureAlgorithm?: SamlSignatureAlgorithm;
  /** Sign with another key (forgery); its certificate goes into KeyInfo. */
  readonly signingKey?: SamlSigningKey;
  /** Exclusive c14n InclusiveNamespaces PrefixList (e.g. "xs xsi"), as some IdPs (ADFS, Shibboleth) send. */
  readonly inclusiveNamespacesPrefixList?: string;
  /** Put the signing certificate in ds:KeyInfo (default true). */
  readonly includeKeyInfo?: boolean;
  readonly assertionId?: string;
  readonly responseId?: string;
  readonly sessionIndex?: string;
  /** Applied to the signed XML before base64 encoding. */
  readonly mutateXml?: (xml: string) => string;
}

export interface SamlIdentityProvider {
  readonly entityId: string;
  readonly certPem: string;
  /** The IdP's own key pair; tests hand another IdP's key to `signingKey` to forge. */
  readonly signingKey: SamlSigningKey;
  metadataXml(ssoUrl: string): string;
  /** The signed (and possibly mutated) XML, before base64. */
  buildResponseXml(o: BuildResponseOptions): string;
  /** base64 of buildResponseXml: the SAMLResponse form value. */
  buildResponse(o: BuildResponseOptions): string;
}

export function createSamlIdentityProvider(o: { entityId?: string; ssoUrl?: string; certificate?: SelfSignedCertificate } = {}): SamlIdentityProvider {
  const entityId = o.entityId ?? 'https://idp.keyhaven.test/saml';
  const cert = o.certificate ?? createSelfSignedCertificate({ commonName: SAML_IDP_COMMON_NAME });
  const signingKey: SamlSigningKey = { privateKeyPem: cert.privateKeyPem, certPem: cert.certPem };

  const buildResponseXml = (b: BuildResponseOptions): string => {
    const now = b.now ?? new Date();
    const statusCode = b.statusCode ?? STATUS_SUCCESS;
    const includeAssertion = b.includeAssertion ?? statusCode === STATUS_SUCCESS;
    const responseId = b.responseId ?? newId();
    const assertionId = b.assertionId ?? newId();
    const key = b.signingKey ?? signingKey;
    const algorithm = ALGORITHMS[b.signatureAlgorithm ?? 'sha256'];
    const issuer = b.issuer === undefined ? entityId : b.issuer;
    const destination = b.destination === undefined ? b.acsUrl : b.destination;
    const subjectInResponseTo = b.subjectInResponseTo === undefined ? b.inResponseTo : b.subjectInResponseTo;

    const assertion = includeAssertion ? assertionXml(b, { now, assertionId, subjectInResponseTo, issuer: b.assertionIssuer ?? entityId }) : '';
    const status =
      `<samlp:Status><samlp:StatusCode Value="${escapeXml(statusCode)}">` +
      (b.subStatusCode ? `<samlp:StatusCode Value="${escapeXml(b.subStatusCode)}"/>` : '') +
      `</samlp:StatusCode>` +
      (b.statusMessage ? `<samlp:StatusMessage>${escapeXml(b.statusMessage)}</samlp:StatusMessage>` : '') +
      `</samlp:Status>`;
    let xml =
      `<samlp:Response xmlns:samlp="${NS_PROTOCOL}" xmlns:saml="${NS_ASSERTION}" ID="${escapeXml(responseId)}" Version="2.0"` +
      ` IssueInstant="${now.toISOString()}"` +
      (destination === null ? '' : ` Destination="${escapeXml(destination)}"`) +
      (b.inResponseTo === null ? '' : ` InResponseTo="${escapeXml(b.inResponseTo)}"`) +
      `>` +
      (issuer === null ? '' : `<saml:Issuer>${escapeXml(issuer)}</saml:Issuer>`) +
      status +
      assertion +
      `</samlp:Response>`;

    const sign = (input: string, id: string, localName: 'Assertion' | 'Response'): string => {
      const sig = new SignedXml({
        privateKey: key.privateKeyPem,
        publicCert: key.certPem,
        signatureAlgorithm: algorithm.signature,
        canonicalizationAlgorithm: EXC_C14N,
        idAttribute: 'ID',
        ...(b.inclusiveNamespacesPrefixList ? { inclusiveNamespacesPrefixList: b.inclusiveNamespacesPrefixList } : {}),
        ...(b.includeKeyInfo === false ? { getKeyInfoContent: () => null } : {}),
      });
      sig.addReference({
        xpath: `//*[local-name(.)='${localName}' and @ID='${id}']`,
        transforms: [ENVELOPED, EXC_C14N],
        digestAlgorithm: algorithm.digest,
        ...(b.inclusiveNamespacesPrefixList ? { inclusiveNamespacesPrefixList: b.inclusiveNamespacesPrefixList.split(' ') } : {}),
      });
      // Signature goes right after the element's Issuer (schema order: Issuer, Signature, …).
      const reference =
        localName === 'Assertion'
          ? `//*[local-name(.)='Assertion' and @ID='${id}']/*[local-name(.)='Issuer']`
          : `/*[local-name(.)='Response']/*[local-name(.)='Issuer']`;
      sig.computeSignature(input, { prefix: 'ds', location: { reference, action: 'after' } });
      return sig.getSignedXml();
    };
    if (includeAssertion && (b.signAssertion ?? true)) xml = sign(xml, assertionId, 'Assertion');
    if ((b.signResponse ?? true) && issuer !== null) xml = sign(xml, responseId, 'Response');
    return b.mutateXml ? b.mutateXml(xml) : xml;
  };

  return {
    entityId,
    certPem: cert.certPem,
    signingKey,
    metadataXml: (ssoUrl) => idpMetadataXml(entityId, cert.certBase64, ssoUrl),
    buildResponseXml,
    buildResponse: (b) => Buffer.from(buildResponseXml(b), 'utf8').toString('base64'),
  };
}

function assertionXml(
  b: BuildResponseOptions,
  c: { now: Date; assertionId: string; subjectInResponseTo: string | null; issuer: string },
): string {
  const notBefore = b.notBefore ?? new Date(c.now.getTime() - 60_000);
  const notOnOrAfter = b.notOnOrAfter ?? new Date(c.now.getTime() + 5 * 60_000);
  const subjectNotOnOrAfter = b.subjectNotOnOrAfter ?? new Date(c.now.getTime() + 5 * 60_000);
  const attributes = Object.entries(b.attributes ?? {});
  return (
    `<saml:Assertion xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"` +
    ` ID="${escapeXml(c.assertionId)}" Version="2.0" IssueInstant="${c.now.toISOString()}">` +
    `<saml:Issuer>${escapeXml(c.issuer)}</saml:Issuer>` +
    `<saml:Subject>` +
    `<saml:NameID Format="${escapeXml(b.nameIdFormat ?? NAMEID_EMAIL)}">${escapeXml(b.nameId ?? b.email)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="${escapeXml(b.subjectConfirmationMethod ?? BEARER)}">` +
    `<saml:SubjectConfirmationData NotOnOrAfter="${subjectNotOnOrAfter.toISOString()}"` +
    ` Recipient="${escapeXml(b.recipient ?? b.acsUrl)}"` +
    (c.subjectInResponseTo === null ? '' : ` InResponseTo="${escapeXml(c.subjectInResponseTo)}"`) +
    `/></saml:SubjectConfirmation>` +
    `</saml:Subject>` +
    `<saml:Conditions NotBefore="${notBefore.toISOString()}" NotOnOrAfter="${notOnOrAfter.toISOString()}">` +
    `<saml:AudienceRestriction><saml:Audience>${escapeXml(b.audience ?? b.spEntityId)}</saml:Audience></saml:AudienceRestriction>` +
    `</saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${c.now.toISOString()}" SessionIndex="${escapeXml(b.sessionIndex ?? newId())}">` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>` +
    `</saml:AuthnStatement>` +
    (attributes.length === 0
      ? ''
      : `<saml:AttributeStatement>` +
        attributes
          .map(([name, value]) => {
            const values = typeof value === 'string' ? [value] : value;
            return (
              `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">` +
              values.map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`).join('') +
              `</saml:Attribute>`
            );
          })
          .join('') +
        `</saml:AttributeStatement>`) +
    `</saml:Assertion>`
  );
}

function idpMetadataXml(entityId: string, certBase64: string, ssoUrl: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${escapeXml(entityId)}">` +
    `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="${NS_PROTOCOL}">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:NameIDFormat>${NAMEID_EMAIL}</md:NameIDFormat>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escapeXml(ssoUrl)}"/>` +
    `</md:IDPSSODescriptor>` +
    `</md:EntityDescriptor>`
  );
}

/** xs:ID must be an NCName: start with a letter or underscore (SAML core §1.3.4). */
function newId(): string {
  return `_${randomBytes(20).toString('hex')}`;
}
