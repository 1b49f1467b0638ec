import { BINDING_POST, NAMEID_FORMAT_EMAIL, SAML_NS } from './saml-uris';

/**
 * The AuthnRequest (SAML core §3.4.1) for the HTTP-Redirect binding. Written here rather than
 * with samlify's template because samlify stamps IssueInstant from the wall clock and takes no
 * ACS choice per request; samlify still does the binding (deflate, base64, RelayState, URL).
 * AssertionConsumerServiceURL pins where the IdP must post (profiles §4.1.4.1), so a response for
 * one ACS cannot be steered to another.
 */
export function authnRequestXml(o: { id: string; issueInstant: Date; destination: string; spEntityId: string; acsUrl: string; subjectEmail?: string | null }): string {
  // The email typed in the app, as the requested Subject (core §3.4.1): IdPs that support it
  // pre-fill or skip their username prompt; the response's subject is still checked as usual.
  return (
    `<samlp:AuthnRequest xmlns:samlp="${SAML_NS.protocol}" xmlns:saml="${SAML_NS.assertion}"` +
    ` ID="${escapeAttribute(o.id)}" Version="2.0" IssueInstant="${o.issueInstant.toISOString()}"` +
    ` Destination="${escapeAttribute(o.destination)}" ProtocolBinding="${BINDING_POST}"` +
    ` AssertionConsumerServiceURL="${escapeAttribute(o.acsUrl)}">` +
    `<saml:Issuer>${escapeAttribute(o.spEntityId)}</saml:Issuer>` +
    (o.subjectEmail ? `<saml:Subject><saml:NameID Format="${NAMEID_FORMAT_EMAIL}">${escapeAttribute(o.subjectEmail)}</saml:NameID></saml:Subject>` : '') +
    `<samlp:NameIDPolicy Format="${NAMEID_FORMAT_EMAIL}" AllowCreate="true"/>` +
    `</samlp:AuthnRequest>`
  );
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
