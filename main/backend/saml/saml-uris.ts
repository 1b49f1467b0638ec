/** URIs from SAML core (§2, §3.2.2.2, §8.3), SAML bindings (§3.4, §3.5) and XML Signature. */
export const SAML_NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
export const BEARER_METHOD = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
export const NAMEID_FORMAT_EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const BINDING_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

/** Attribute names IdPs use for the email when NameID is not an email (Okta/Google, LDAP, Entra/ADFS). */
export const EMAIL_ATTRIBUTE_NAMES = ['email', 'mail', 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress'] as const;

/**
 * Signature algorithms accepted (XML-DSig 1.1 §6.4, RFC 6931 §2.3), with the node:crypto
 * parameters to verify them. SHA-1 is refused (SHAttered, 2017; NIST SP 800-131A disallows it
 * for signatures). `keyType` must match the metadata key so an RSA key can never be used
 * through an ECDSA algorithm or the reverse.
 */
export const SIGNATURE_ALGORITHMS: ReadonlyMap<string, { readonly hash: string; readonly keyType: 'rsa' | 'ec'; readonly pss?: true }> = new Map([
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', { hash: 'sha256', keyType: 'rsa' }],
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha384', { hash: 'sha384', keyType: 'rsa' }],
  ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', { hash: 'sha512', keyType: 'rsa' }],
  ['http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1', { hash: 'sha256', keyType: 'rsa', pss: true }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256', { hash: 'sha256', keyType: 'ec' }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384', { hash: 'sha384', keyType: 'ec' }],
  ['http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512', { hash: 'sha512', keyType: 'ec' }],
] as const);

/** Digest algorithms accepted (XML Encryption §5.7, RFC 6931 §2.1.3): SHA-256 or stronger. */
export const DIGEST_ALGORITHMS: ReadonlyMap<string, string> = new Map([
  ['http://www.w3.org/2001/04/xmlenc#sha256', 'sha256'],
  ['http://www.w3.org/2001/04/xmldsig-more#sha384', 'sha384'],
  ['http://www.w3.org/2001/04/xmlenc#sha512', 'sha512'],
]);

/**
 * Exclusive c14n without comments is the one canonicalisation SAML core §5.4.3 recommends and
 * every IdP we target uses. Inclusive c14n would drag the whole ancestor context into the
 * signed octets and "#WithComments" would sign comment text we refuse anyway.
 */
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
