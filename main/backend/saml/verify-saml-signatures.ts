import { childElements } from './child-elements';
import { constants, createHash, verify, type KeyObject } from 'node:crypto';
import type { Element, Node } from '@xmldom/xmldom';
import { Extractor } from 'samlify';
import { ExclusiveCanonicalization } from 'xml-crypto';
import type { SamlResponseShape } from './inspect-saml-response';
import { samlCheckFailed } from './saml-check-error';
import { DIGEST_ALGORITHMS, ENVELOPED_SIGNATURE, EXC_C14N, SAML_NS, SIGNATURE_ALGORITHMS } from './saml-uris';

/**
 * XML Signature verification for the SAML profile of XML-DSig (SAML core §5.4), done on the one
 * DOM the structural checks already built.
 *
 * - EVERY signature present must verify (samlify's flow stops at the first valid one, so a valid
 *   Response signature could hide a forged Assertion signature).
 * - Keys come only from the IdP metadata. KeyInfo in the message is ignored: anyone can put
 *   their own certificate there.
 * - The profile is narrow on purpose: one Reference whose URI is "#" + the ID of the element
 *   holding the signature (an ID used once in the document), transforms enveloped-signature and
 *   exclusive c14n only, SHA-256+ digests and signatures. Anything else is how wrapping attacks,
 *   XSLT/XPath transform tricks and algorithm downgrades get in.
 * - Canonicalisation is xml-crypto's ExclusiveCanonicalization; the rest (reference lookup,
 *   digest, signature) is a few lines of node:crypto. xml-crypto's own checkSignature re-parses
 *   the document and finds the reference by an XPath over every attribute of every element
 *   (≈ 4 ms per signature here, measured), which would dominate the whole sign-in.
 *
 * What callers get back are the signed octets themselves (the canonical form that was digested),
 * so identity is read from exactly what the IdP signed, never from the document again.
 */
export interface VerifiedSignatures {
  readonly responseSigned: boolean;
  readonly assertionSigned: boolean;
  /** Canonical XML of the assertion as covered by a verified signature. */
  readonly authenticatedAssertionXml: string;
}

export function verifySamlSignatures(shape: SamlResponseShape, idpKeys: readonly KeyObject[]): VerifiedSignatures {
  let fromAssertion: string | undefined;
  let fromResponse: string | undefined;
  for (const { element, on } of shape.signatures) {
    const signed = verifyOne(element, on === 'response' ? shape.response : shape.assertion, on, shape.idCounts, idpKeys);
    if (on === 'assertion') fromAssertion = signed;
    else fromResponse = signed;
  }
  let authenticatedAssertionXml = fromAssertion;
  if (authenticatedAssertionXml === undefined && fromResponse !== undefined) {
    // samlify's own wrapping-safe step (flow.ts): read the Assertion out of the signed Response octets.
    const picked = Extractor.extract(fromResponse, [{ key: 'assertion', localPath: ['Response', 'Assertion'], attributes: [], context: true }]);
    if (typeof picked.assertion === 'string') authenticatedAssertionXml = picked.assertion;
  }
  if (authenticatedAssertionXml === undefined) {
    throw samlCheckFailed('signature', 'no verified signature covers the assertion');
  }
  return { responseSigned: fromResponse !== undefined, assertionSigned: fromAssertion !== undefined, authenticatedAssertionXml };
}

function verifyOne(
  signature: Element,
  signedElement: Element,
  on: 'response' | 'assertion',
  idCounts: ReadonlyMap<string, number>,
  idpKeys: readonly KeyObject[],
): string {
  const signedInfo = onlyChild(signature, 'SignedInfo');
  const c14nMethod = onlyChild(signedInfo, 'CanonicalizationMethod');
  const methodUri = onlyChild(signedInfo, 'SignatureMethod').getAttribute('Algorithm') ?? '';
  const method = SIGNATURE_ALGORITHMS.get(methodUri);
  if (method === undefined) {
    throw samlCheckFailed('algorithm', `the ${on} is signed with ${methodUri || 'no algorithm'}; RSA or ECDSA with SHA-256 or stronger is required`);
  }
  if (c14nMethod.getAttribute('Algorithm') !== EXC_C14N) {
    throw samlCheckFailed('algorithm', `the ${on} signature uses canonicalization ${c14nMethod.getAttribute('Algorithm') || 'none'}; exclusive c14n is required`);
  }

  const references = children(signedInfo, 'Reference');
  if (references.length !== 1) {
    throw samlCheckFailed('signature', `the ${on} signature must have exactly one Reference, found ${references.length}`);
  }
  const reference = references[0] as Element;
  const id = signedElement.getAttribute('ID') ?? '';
  if (id === '' || reference.getAttribute('URI') !== `#${id}`) {
    throw samlCheckFailed('signature', `the ${on} signature does not reference the ${on} it sits in (possible signature wrapping)`);
  }
  if (idCounts.get(id) !== 1) {
    throw samlCheckFailed('signature', `the ${on} ID is used by more than one element (possible signature wrapping)`);
  }
  const digestUri = onlyChild(reference, 'DigestMethod').getAttribute('Algorithm') ?? '';
  const digestHash = DIGEST_ALGORITHMS.get(digestUri);
  if (digestHash === undefined) {
    throw samlCheckFailed('algorithm', `the ${on} signature digests with ${digestUri || 'no algorithm'}; SHA-256 or stronger is required`);
  }
  const transforms = children(reference, 'Transforms').flatMap((t) => children(t, 'Transform'));
  const transformUris = transforms.map((t) => t.getAttribute('Algorithm') ?? '');
  // SAML core §5.4.4: enveloped-signature, optionally followed by exclusive c14n (which is also
  // the implicit final step). Order and repetition are fixed so nothing else can slip in.
  const shapeOk =
    (transformUris.length === 1 && transformUris[0] === ENVELOPED_SIGNATURE) ||
    (transformUris.length === 2 && transformUris[0] === ENVELOPED_SIGNATURE && transformUris[1] === EXC_C14N);
  if (!shapeOk) {
    throw samlCheckFailed('algorithm', `the ${on} signature uses transforms ${transformUris.join(', ') || 'none'}; only enveloped-signature + exclusive c14n are accepted`);
  }

  // Reference processing (XML-DSig §4.4.3): the element minus this Signature, exclusive c14n.
  const signedOctets = canonicalizeWithout(signedElement, signature, inclusivePrefixes(transforms[1]));
  const digestValue = base64Text(onlyChild(reference, 'DigestValue'), on);
  if (!createHash(digestHash).update(signedOctets, 'utf8').digest().equals(digestValue)) {
    throw samlCheckFailed('signature', `the ${on} was changed after it was signed (digest mismatch)`);
  }

  // Signature validation (XML-DSig §3.2.2) over canonical SignedInfo, with metadata keys only.
  const signedInfoOctets = Buffer.from(canonicalizeWithout(signedInfo, undefined, inclusivePrefixes(c14nMethod)), 'utf8');
  const signatureValue = base64Text(onlyChild(signature, 'SignatureValue'), on);
  const verified = idpKeys.some((key) => {
    if (key.asymmetricKeyType !== method.keyType && !(method.keyType === 'rsa' && key.asymmetricKeyType === 'rsa-pss')) return false;
    try {
      return verify(
        method.hash,
        signedInfoOctets,
        method.pss
          ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
          : method.keyType === 'ec'
            ? { key, dsaEncoding: 'ieee-p1363' } // XML-DSig 1.1 §6.4.3: ECDSA value is r || s
            : key,
        signatureValue,
      );
    } catch {
      return false;
    }
  });
  if (!verified) {
    throw samlCheckFailed('signature', `the ${on} signature does not verify with the identity provider's certificate from its metadata`);
  }
  return signedOctets;
}

const canonicalizer = new ExclusiveCanonicalization();

/**
 * Exclusive c14n of `element`, leaving out `omit` (the enveloped signature). Without a
 * PrefixList the canonicaliser only reads the tree, so the signature is unhooked for the call
 * and put back (a deep clone costs more than the rest of the verification). With one, it adds
 * namespace attributes to the element it is given, so it gets a copy.
 */
function canonicalizeWithout(element: Element, omit: Element | undefined, prefixes: string[]): string {
  if (prefixes.length > 0) {
    const copy = element.cloneNode(true) as Element;
    if (omit !== undefined) {
      const twin = copy.childNodes.item(indexInParent(omit));
      if (twin !== null) copy.removeChild(twin);
    }
    return canonicalizer.process(copy as never, { inclusiveNamespacesPrefixList: prefixes, ancestorNamespaces: ancestorNamespaces(element) });
  }
  const next = omit?.nextSibling ?? null;
  if (omit !== undefined) element.removeChild(omit);
  try {
    return canonicalizer.process(element as never, { inclusiveNamespacesPrefixList: [], ancestorNamespaces: [] });
  } finally {
    if (omit !== undefined) element.insertBefore(omit, next);
  }
}

/** InclusiveNamespaces PrefixList (Exclusive XML Canonicalization §3): prefixes treated as inclusive. */
function inclusivePrefixes(parent: Element | undefined): string[] {
  if (parent === undefined) return [];
  for (let c = parent.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === c.ELEMENT_NODE && (c as Element).localName === 'InclusiveNamespaces' && (c as Element).namespaceURI === EXC_C14N) {
      return ((c as Element).getAttribute('PrefixList') ?? '').split(/\s+/).filter((p) => p !== '');
    }
  }
  return [];
}

/** In-scope namespace declarations of the element's ancestors, nearest first wins. */
function ancestorNamespaces(element: Element): { prefix: string; namespaceURI: string }[] {
  const seen = new Map<string, string>();
  for (let p: Node | null = element.parentNode; p && p.nodeType === p.ELEMENT_NODE; p = p.parentNode) {
    const attrs = (p as Element).attributes;
    for (let i = 0; i < attrs.length; i++) {
      const attr = attrs.item(i);
      if (!attr) continue;
      const prefix = attr.name === 'xmlns' ? '' : attr.name.startsWith('xmlns:') ? attr.name.slice(6) : undefined;
      if (prefix !== undefined && !seen.has(prefix)) seen.set(prefix, attr.value);
    }
  }
  return [...seen].filter(([, uri]) => uri !== '').map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}

function base64Text(element: Element, on: string): Buffer {
  const text = (element.textContent ?? '').replace(/[\t\n\r ]+/g, '');
  if (text === '' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw samlCheckFailed('signature', `the ${on} signature has a malformed ${element.localName}`);
  }
  return Buffer.from(text, 'base64');
}

function indexInParent(node: Node): number {
  let i = 0;
  for (let c = node.parentNode?.firstChild ?? null; c; c = c.nextSibling, i++) if (c === node) return i;
  return -1;
}

function children(parent: Element, localName: string): Element[] {
  return childElements(parent, SAML_NS.dsig, localName);
}

function onlyChild(parent: Element, localName: string): Element {
  const found = children(parent, localName);
  if (found.length !== 1) throw samlCheckFailed('signature', `malformed signature: expected one ${localName}`);
  return found[0] as Element;
}
