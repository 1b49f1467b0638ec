import { inflateRawSync } from 'node:zlib';
import { DOMParser, type Element } from '@xmldom/xmldom';

/**
 * The demo IdP's reading of an SP's AuthnRequest sent with the HTTP-Redirect binding (SAML
 * bindings §3.4.4.1: DEFLATE, then base64, then URL-encoding). Written independently of samlify
 * so the SP's request is checked by a second implementation.
 */
export interface ParsedAuthnRequest {
  readonly id: string;
  readonly issuer: string;
  readonly issueInstant: string;
  readonly destination: string | undefined;
  readonly acsUrl: string | undefined;
  readonly protocolBinding: string | undefined;
  readonly nameIdFormat: string | undefined;
  /** The requested Subject's NameID (core §3.4.1), when the SP names who should sign in. */
  readonly subjectNameId: string | undefined;
}

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';

export function parseRedirectAuthnRequest(samlRequest: string): ParsedAuthnRequest {
  let xml: string;
  try {
    // An AuthnRequest is a few hundred bytes; the cap stops a deflate bomb.
    xml = inflateRawSync(Buffer.from(samlRequest, 'base64'), { maxOutputLength: 64 * 1024 }).toString('utf8');
  } catch {
    throw new Error('SAMLRequest is not deflated base64 (HTTP-Redirect binding)');
  }
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(xml)) throw new Error('SAMLRequest contains a DOCTYPE');
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`SAMLRequest is not well-formed XML (${level}: ${message})`);
    },
  }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== PROTOCOL || root.localName !== 'AuthnRequest') {
    throw new Error('SAMLRequest is not a SAML 2.0 AuthnRequest');
  }
  const id = root.getAttribute('ID') ?? '';
  if (!/^[A-Za-z_][\w.-]*$/.test(id)) throw new Error('AuthnRequest ID is missing or not an xs:ID');
  if (root.getAttribute('Version') !== '2.0') throw new Error('AuthnRequest Version is not 2.0');
  const issueInstant = root.getAttribute('IssueInstant') ?? '';
  if (Number.isNaN(Date.parse(issueInstant))) throw new Error('AuthnRequest IssueInstant is missing');
  const issuer = child(root, ASSERTION, 'Issuer')?.textContent?.trim() ?? '';
  if (issuer === '') throw new Error('AuthnRequest has no Issuer');
  return {
    id,
    issuer,
    issueInstant,
    destination: root.getAttribute('Destination') ?? undefined,
    acsUrl: root.getAttribute('AssertionConsumerServiceURL') ?? undefined,
    protocolBinding: root.getAttribute('ProtocolBinding') ?? undefined,
    nameIdFormat: child(root, PROTOCOL, 'NameIDPolicy')?.getAttribute('Format') ?? undefined,
    subjectNameId: subjectNameId(root),
  };
}

function subjectNameId(root: Element): string | undefined {
  const subject = child(root, ASSERTION, 'Subject');
  const nameId = subject ? child(subject, ASSERTION, 'NameID')?.textContent?.trim() : undefined;
  return nameId === '' ? undefined : nameId;
}

function child(parent: Element, ns: string, localName: string): Element | undefined {
  for (let c = parent.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === c.ELEMENT_NODE && (c as Element).namespaceURI === ns && (c as Element).localName === localName) return c as Element;
  }
  return undefined;
}
