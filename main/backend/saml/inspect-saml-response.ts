import { childElements } from './child-elements';
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';
import { samlCheckFailed } from './saml-check-error';
import { SAML_NS, STATUS_SUCCESS } from './saml-uris';

/**
 * Structural checks on the whole (schema-valid) response document, done on one parse before any
 * signature work. They close the doors signature-wrapping attacks come through: whatever
 * signature later verifies, there is exactly one Assertion it can be about, and signatures
 * only sit where SAML puts them.
 */
export interface SamlResponseShape {
  readonly response: Element;
  readonly assertion: Element;
  /** Every ds:Signature in the document, each the child of the Response or of the Assertion. */
  readonly signatures: readonly { readonly element: Element; readonly on: 'response' | 'assertion' }[];
  /** How many elements carry each ID/Id/id value: a signed ID must be unique (wrapping defence). */
  readonly idCounts: ReadonlyMap<string, number>;
}

export function inspectSamlResponse(xml: string): SamlResponseShape {
  const doc = parseStrict(xml);
  const response = doc.documentElement;
  if (!response || response.namespaceURI !== SAML_NS.protocol || response.localName !== 'Response') {
    throw samlCheckFailed('schema', 'the document is not a SAML 2.0 protocol Response');
  }

  // XML comments are dropped by exclusive c14n, so an attacker can add them to signed text
  // without breaking the signature; some parsers then read only the text before the comment
  // ("alice@acme.test<!---->.evil.test", Duo Labs 2018, CVE-2017-11427 family). Honest IdPs
  // send none, so any comment or processing instruction is refused.
  const { hasCommentOrInstruction, idCounts } = walkDocument(doc);
  if (hasCommentOrInstruction) {
    throw samlCheckFailed('comment', 'the response contains an XML comment or processing instruction');
  }

  checkStatus(response);

  if (doc.getElementsByTagNameNS(SAML_NS.assertion, 'EncryptedAssertion').length > 0) {
    throw samlCheckFailed('encrypted_assertion', 'encrypted assertions are not supported; configure the IdP to send a signed, unencrypted assertion');
  }
  // Counting in the whole document (not just Response children) defeats wrapping attacks that
  // hide the signed assertion in Extensions/Advice/Object and put an evil one where it is read.
  const assertions = doc.getElementsByTagNameNS(SAML_NS.assertion, 'Assertion');
  if (assertions.length !== 1) {
    throw samlCheckFailed('assertion_count', `the response must contain exactly one Assertion, found ${assertions.length}`);
  }
  const assertion = assertions.item(0) as Element;
  if (assertion.parentNode !== response) {
    throw samlCheckFailed('assertion_count', 'the Assertion is not a direct child of the Response');
  }

  const signatures: { element: Element; on: 'response' | 'assertion' }[] = [];
  const found = doc.getElementsByTagNameNS(SAML_NS.dsig, 'Signature');
  for (let i = 0; i < found.length; i++) {
    const element = found.item(i) as Element;
    const on = element.parentNode === response ? 'response' : element.parentNode === assertion ? 'assertion' : undefined;
    if (on === undefined) {
      throw samlCheckFailed('signature', 'a signature sits somewhere SAML does not put one (possible signature wrapping)');
    }
    if (signatures.some((s) => s.on === on)) {
      throw samlCheckFailed('signature', `the ${on} carries more than one signature`);
    }
    signatures.push({ element, on });
  }
  if (signatures.length === 0) {
    throw samlCheckFailed('signature', 'neither the Response nor the Assertion is signed');
  }
  return { response, assertion, signatures, idCounts };
}

function parseStrict(xml: string): Document {
  const parser = new DOMParser({
    onError: (level, message) => {
      throw new Error(`${level}: ${message}`);
    },
  });
  try {
    return parser.parseFromString(xml, 'text/xml');
  } catch {
    throw samlCheckFailed('xml', 'the response is not well-formed XML');
  }
}

/** One pass over every node: comments/PIs anywhere, and the ID values in use. */
function walkDocument(doc: Document): { hasCommentOrInstruction: boolean; idCounts: Map<string, number> } {
  const idCounts = new Map<string, number>();
  let hasCommentOrInstruction = false;
  const stack: Node[] = [];
  for (let n = doc.firstChild; n; n = n.nextSibling) stack.push(n);
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    if (node.nodeType === node.COMMENT_NODE || node.nodeType === node.PROCESSING_INSTRUCTION_NODE) hasCommentOrInstruction = true;
    if (node.nodeType === node.ELEMENT_NODE) {
      // XML-DSig tools resolve "#x" through ID, Id and id alike: a value used twice under any of
      // them makes the reference ambiguous, which is what signature wrapping exploits.
      for (const name of ['ID', 'Id', 'id']) {
        const value = (node as Element).getAttribute(name);
        if (value !== null && value !== '') idCounts.set(value, (idCounts.get(value) ?? 0) + 1);
      }
    }
    for (let c = node.firstChild; c; c = c.nextSibling) stack.push(c);
  }
  return { hasCommentOrInstruction, idCounts };
}

/** SAML core §3.2.2.2: only a top-level Success status means the IdP vouches for anyone. */
function checkStatus(response: Element): void {
  const status = childElement(response, SAML_NS.protocol, 'Status');
  const top = status ? childElement(status, SAML_NS.protocol, 'StatusCode') : undefined;
  const value = top?.getAttribute('Value') ?? '';
  if (value === STATUS_SUCCESS) return;
  const second = top ? childElement(top, SAML_NS.protocol, 'StatusCode')?.getAttribute('Value') : undefined;
  const message = status ? childElement(status, SAML_NS.protocol, 'StatusMessage')?.textContent?.trim() : undefined;
  const name = (uri: string): string => uri.replace('urn:oasis:names:tc:SAML:2.0:status:', '').slice(0, 120);
  throw samlCheckFailed(
    'status',
    `the identity provider answered ${name(value) || 'no status'}` +
      (second ? ` (${name(second)})` : '') +
      (message ? `: ${message.slice(0, 200)}` : ''),
  );
}

function childElement(parent: Element, ns: string, localName: string): Element | undefined {
  return childElements(parent, ns, localName)[0];
}

/** Destination, InResponseTo and Issuer of the Response element itself (SAML core §3.2.2). */
export function responseAttributes(response: Element): { destination: string | undefined; inResponseTo: string | undefined; issuer: string | undefined } {
  const issuerElement = childElements(response, SAML_NS.assertion, 'Issuer').at(-1);
  const issuer = issuerElement ? (issuerElement.textContent ?? '').trim() : undefined;
  return {
    destination: response.getAttribute('Destination') ?? undefined,
    inResponseTo: response.getAttribute('InResponseTo') ?? undefined,
    issuer,
  };
}
