import { responseCheckFailed } from '../../errors/app-error';
import type { SamlConnection } from '../config/tenant-config';
import { loadIdpMetadata } from '../saml/saml-idp-metadata';

/** The Origin and Referer headers of the browser request that carried a SAML response. */
export interface BrowserHeaders {
  readonly origin?: string | undefined;
  readonly referer?: string | undefined;
}

/**
 * The origin of the page that posted the form: the Origin header, else the Referer's origin.
 * `Origin: null` (an IdP page with `Referrer-Policy: no-referrer` sends it) says nothing.
 */
export function posterOrigin(headers: BrowserHeaders | undefined): string | null {
  const origin = headers?.origin?.trim();
  if (origin && origin !== 'null') return origin.toLowerCase();
  const referer = headers?.referer?.trim();
  if (!referer) return null;
  try {
    const url = new URL(referer);
    return url.origin === 'null' ? null : url.origin.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Login CSRF defence for the HTTP-POST binding: any web page can auto-post a response it holds
 * (its author's own, validly signed) to an ACS. Where the browser names the page that posted,
 * it must be the identity provider's (the origin of its SSO endpoint in the metadata).
 */
export function createPosterCheck(): (connection: SamlConnection, headers: BrowserHeaders | undefined) => void {
  const idpOrigins = new Map<string, string>();
  const idpOriginOf = (c: SamlConnection): string => {
    const key = `${c.id}\n${c.idpMetadataXml}`;
    let origin = idpOrigins.get(key);
    if (origin === undefined) {
      origin = new URL(loadIdpMetadata(c.id, c.idpMetadataXml).ssoRedirectUrl).origin.toLowerCase();
      idpOrigins.set(key, origin);
    }
    return origin;
  };
  return (connection, headers) => {
    const poster = posterOrigin(headers);
    if (poster === null) return;
    if (poster !== idpOriginOf(connection)) {
      throw responseCheckFailed('origin', `the response was posted by a page at ${poster}, not by the identity provider`);
    }
  };
}
