import { X509Certificate, type KeyObject } from 'node:crypto';
import { IdentityProvider, type IdentityProviderInstance } from 'samlify';
import { AppError } from '../../errors/app-error';

/**
 * The IdP as its metadata describes it (SAML metadata §2.4.3): entityID, signing certificates and
 * the HTTP-Redirect SSO endpoint. A connection whose metadata lacks any of them cannot work, so
 * it is a configuration error at start, not a sign-in error later.
 */
export interface IdpFromMetadata {
  readonly idp: IdentityProviderInstance;
  readonly entityId: string;
  /** Public keys of the metadata's signing certificates: the only keys signatures are checked with. */
  readonly signingKeys: readonly KeyObject[];
  readonly ssoRedirectUrl: string;
}

export function loadIdpMetadata(connectionId: string, metadataXml: string): IdpFromMetadata {
  const fail = (what: string): AppError =>
    new AppError('config_invalid', `SAML connection "${connectionId}": the identity provider metadata ${what}`);
  if (typeof metadataXml !== 'string' || !metadataXml.includes('EntityDescriptor')) {
    throw fail('is not a SAML EntityDescriptor');
  }
  // Same XXE/entity-expansion rule as for responses: metadata may come from a URL an admin pasted.
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(metadataXml)) throw fail('contains a DOCTYPE or entity declaration');

  let idp: IdentityProviderInstance;
  try {
    idp = IdentityProvider({ metadata: metadataXml });
  } catch (err) {
    throw fail(`cannot be read (${err instanceof Error ? err.message : 'parse error'})`);
  }
  const entityId = idp.entityMeta.getEntityID();
  if (typeof entityId !== 'string' || entityId.length === 0) throw fail('has no entityID');

  const certs = flatten(idp.entityMeta.getX509Certificate('signing'));
  if (certs.length === 0) throw fail('has no signing certificate (KeyDescriptor use="signing")');
  const signingKeys = certs.map((b64, i) => {
    try {
      return new X509Certificate(Buffer.from(b64.replace(/\s+/g, ''), 'base64')).publicKey;
    } catch {
      throw fail(`has an unreadable signing certificate (#${i + 1})`);
    }
  });

  const sso = idp.entityMeta.getSingleSignOnService('redirect');
  if (typeof sso !== 'string' || !/^https?:\/\//.test(sso)) {
    throw fail('has no SingleSignOnService with the HTTP-Redirect binding');
  }
  return { idp, entityId, signingKeys, ssoRedirectUrl: sso };
}

function flatten(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() === '' ? [] : [value];
  if (Array.isArray(value)) return value.flatMap(flatten);
  return [];
}
