import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

/**
 * Checks that a SAML IdP metadata document can drive a sign-in: it parses as XML, has an
 * IDPSSODescriptor with a SingleSignOnService and a certificate for signing. Returns what is
 * wrong, or null. Deep validation (schema, signatures) is the SAML SP's job at runtime; this
 * catches a wrong file at start instead of at the first employee's sign-in.
 */
export function checkIdpMetadata(xml: string): string | null {
  let doc: Document;
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(xml, 'text/xml') as unknown as Document;
  } catch (err) {
    return `metadata is not well-formed XML (${(err as Error).message.split('\n')[0]})`;
  }
  const idp = doc.getElementsByTagNameNS(MD, 'IDPSSODescriptor')[0];
  if (idp === undefined) return 'metadata has no IDPSSODescriptor';
  const sso = idp.getElementsByTagNameNS(MD, 'SingleSignOnService');
  if (sso.length === 0) return 'metadata IDPSSODescriptor has no SingleSignOnService';
  for (let i = 0; i < sso.length; i += 1) {
    if (!sso[i]?.getAttribute('Location')) return 'metadata SingleSignOnService has no Location';
  }
  const keys = Array.from(idp.getElementsByTagNameNS(MD, 'KeyDescriptor')).filter((k) => {
    const use = k.getAttribute('use');
    return use === null || use === '' || use === 'signing';
  });
  const certs = keys.flatMap((k) => Array.from(k.getElementsByTagNameNS(DS, 'X509Certificate')));
  if (certs.length === 0) return 'metadata has no signing certificate (KeyDescriptor use="signing" with X509Certificate)';
  for (const cert of certs) {
    const b64 = (cert.textContent ?? '').replace(/\s+/g, '');
    try {
      new X509Certificate(Buffer.from(b64, 'base64'));
    } catch {
      return 'metadata signing certificate is not a valid X.509 certificate';
    }
  }
  return null;
}
