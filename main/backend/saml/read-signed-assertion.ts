import { childElements } from './child-elements';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { samlCheckFailed } from './saml-check-error';
import { SAML_NS } from './saml-uris';

/**
 * Reads what the checks need from the assertion AS SIGNED: the input is the canonical octets a
 * verified signature covered (verify-saml-signatures), never the received document, so a second
 * or wrapped copy of any element cannot be read by mistake.
 *
 * Everything — the identity (NameID, Issuer, attributes) and the structural facts the checks
 * need (confirmations, audiences, time bounds) — is read from one namespace-aware DOM of those
 * octets, in the shapes samlify's login-response extractor gives (a single value as a string,
 * several as an array; attribute values by Name, repeated Names merged). samlify's extractor
 * re-parses the assertion once per field and once more per Attribute and walks it with XPath:
 * that was a sixth of the CPU of a whole sign-in.
 */
export interface SignedAssertionFacts {
  readonly assertionId: string;
  readonly issuer: unknown;
  readonly nameId: unknown;
  readonly nameIdFormat: string | undefined;
  readonly attributes: unknown;
  readonly confirmations: readonly SubjectConfirmationFacts[];
  /** One entry per AudienceRestriction, each with its Audience values. */
  readonly audienceRestrictions: readonly (readonly string[])[];
  readonly conditionsNotBefore: string | undefined;
  readonly conditionsNotOnOrAfter: string | undefined;
  readonly sessionNotOnOrAfter: readonly string[];
}

export interface SubjectConfirmationFacts {
  readonly method: string;
  /** Every SubjectConfirmationData element (there must be exactly one for bearer). */
  readonly data: readonly {
    readonly recipient: string | undefined;
    readonly notBefore: string | undefined;
    readonly notOnOrAfter: string | undefined;
    readonly inResponseTo: string | undefined;
  }[];
}

export function readSignedAssertion(assertionXml: string): SignedAssertionFacts {
  let assertion: Element | null;
  try {
    assertion = new DOMParser({ onError: (level, msg) => { throw new Error(`${level}: ${msg}`); } })
      .parseFromString(assertionXml, 'text/xml').documentElement;
  } catch {
    throw samlCheckFailed('xml', 'the signed assertion is not well-formed XML');
  }
  if (!assertion || assertion.namespaceURI !== SAML_NS.assertion || assertion.localName !== 'Assertion') {
    throw samlCheckFailed('signature', 'the signed content is not an assertion');
  }

  const subject = kids(assertion, 'Subject')[0];
  const nameIdElement = subject ? kids(subject, 'NameID')[0] : undefined;
  const conditions = kids(assertion, 'Conditions')[0];
  return {
    assertionId: assertion.getAttribute('ID') ?? '',
    issuer: textOf(kids(assertion, 'Issuer')),
    nameId: textOf(subject ? kids(subject, 'NameID') : []),
    nameIdFormat: attr(nameIdElement, 'Format'),
    attributes: attributesOf(assertion),
    confirmations: (subject ? kids(subject, 'SubjectConfirmation') : []).map((c) => ({
      method: c.getAttribute('Method') ?? '',
      data: kids(c, 'SubjectConfirmationData').map((d) => ({
        recipient: attr(d, 'Recipient'),
        notBefore: attr(d, 'NotBefore'),
        notOnOrAfter: attr(d, 'NotOnOrAfter'),
        inResponseTo: attr(d, 'InResponseTo'),
      })),
    })),
    audienceRestrictions: (conditions ? kids(conditions, 'AudienceRestriction') : []).map((r) =>
      kids(r, 'Audience').map((a) => (a.textContent ?? '').trim()),
    ),
    conditionsNotBefore: attr(conditions, 'NotBefore'),
    conditionsNotOnOrAfter: attr(conditions, 'NotOnOrAfter'),
    sessionNotOnOrAfter: kids(assertion, 'AuthnStatement')
      .map((s) => attr(s, 'SessionNotOnOrAfter'))
      .filter((v): v is string => v !== undefined),
  };
}

/** One element's text as a string, several as an array, none as null (the text is not trimmed). */
function textOf(elements: readonly Element[]): string | string[] | null {
  if (elements.length === 0) return null;
  if (elements.length === 1) return directText(elements[0] as Element);
  return elements.map(directText);
}

/** The text and CDATA children of an element, not of its descendants. */
function directText(element: Element): string {
  let text = '';
  for (let c = element.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === c.TEXT_NODE || c.nodeType === c.CDATA_SECTION_NODE) text += c.nodeValue ?? '';
  }
  return text;
}

/** AttributeStatement/Attribute values by Name: one value as a string, several as an array. */
function attributesOf(assertion: Element): Record<string, string | string[]> {
  // No prototype: an attribute Name such as "__proto__" is a key like any other.
  const out = Object.create(null) as Record<string, string | string[]>;
  for (const statement of kids(assertion, 'AttributeStatement')) {
    for (const attribute of kids(statement, 'Attribute')) {
      const name = attribute.getAttribute('Name') ?? '';
      const values = kids(attribute, 'AttributeValue').map(directText);
      const value = values.length === 1 ? (values[0] as string) : values;
      const before = out[name];
      out[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), ...(Array.isArray(value) ? value : [value])];
    }
  }
  return out;
}

function kids(parent: Element, localName: string): Element[] {
  return childElements(parent, SAML_NS.assertion, localName);
}

function attr(element: Element | undefined, name: string): string | undefined {
  return element?.getAttribute(name) ?? undefined;
}
