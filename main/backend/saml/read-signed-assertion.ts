import { childElements } from './child-elements';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { Extractor } from 'samlify';
import { samlCheckFailed } from './saml-check-error';
import { SAML_NS } from './saml-uris';

/**
 * Reads what the checks need from the assertion AS SIGNED: the input is the canonical octets a
 * verified signature covered (verify-saml-signatures), never the received document, so a second
 * or wrapped copy of any element cannot be read by mistake.
 *
 * The identity (NameID, Issuer, attributes) comes from samlify's extractor with samlify's own
 * login-response field definitions, exactly as its `parseLoginResponse` would produce it. The
 * structural facts the checks need (confirmations, audiences, time bounds) are read from one
 * namespace-aware DOM of the same octets: samlify's extractor would re-parse the assertion per
 * field and match by local name only.
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

const IDENTITY_KEYS = new Set(['issuer', 'nameID', 'attributes']);

export function readSignedAssertion(assertionXml: string): SignedAssertionFacts {
  // samlify's fields, rooted at the assertion document itself instead of a per-field copy.
  const identity = Extractor.extract(
    assertionXml,
    Extractor.loginResponseFields(assertionXml)
      .filter((f) => IDENTITY_KEYS.has(f.key))
      .map(({ shortcut: _sameDocument, ...field }) => field),
  );

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
    issuer: identity.issuer,
    nameId: identity.nameID,
    nameIdFormat: attr(nameIdElement, 'Format'),
    attributes: identity.attributes,
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

function kids(parent: Element, localName: string): Element[] {
  return childElements(parent, SAML_NS.assertion, localName);
}

function attr(element: Element | undefined, name: string): string | undefined {
  return element?.getAttribute(name) ?? undefined;
}
