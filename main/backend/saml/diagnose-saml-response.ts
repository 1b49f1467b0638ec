import type { KeyObject } from 'node:crypto';
import { DOMParser, XMLSerializer, type Element } from '@xmldom/xmldom';
import { AppError } from '../../errors/app-error';
import { failed, passed, refusalName, runCheck, skipRest, type CheckResult } from '../sso/check-result';
import { acceptedUntil, assertionIdentity, ASSERTION_CHECK_STEPS, type AssertionCheckContext, type AssertionCheckStep } from './check-saml-assertion';
import { decodeSamlResponse } from './decode-saml-response';
import { inspectSamlResponse, responseAttributes, type SamlResponseShape } from './inspect-saml-response';
import { readSignedAssertion, type SignedAssertionFacts } from './read-signed-assertion';
import type { SamlSchemaCheck } from './saml-schema-validator';
import { SAML_NS } from './saml-uris';
import { verifySamlSignatures } from './verify-saml-signatures';

/** What a test sign-in shows of a SAML response: every check's result and what the IdP stated. */
export interface SamlDiagnosis {
  readonly checks: readonly CheckResult[];
  /** True when the identity below was read from octets a verified signature covers; false: as received, unverified. */
  readonly verified: boolean;
  readonly nameId: string | null;
  readonly email: string | null;
  readonly attributes: Readonly<Record<string, string | readonly string[]>>;
  readonly assertionId: string | null;
  /** From when the assertion is refused anyway (replay cache lifetime); null when it already is. */
  readonly acceptedUntil: Date | null;
}

const LATER = ['signature', ...ASSERTION_CHECK_STEPS.map((s) => s.name)];

/**
 * The same checks as `SamlSp.validateResponse`, each run on its own so that one refusal does not
 * hide the others: where the signature fails, the assertion is still read (from the document as
 * received, marked unverified) and every profile check still runs on it. Nothing is accepted on
 * the strength of a diagnosis: it never signs anyone in.
 */
export function diagnoseSamlResponse(samlResponse: string, deps: { readonly schemaCheck: SamlSchemaCheck; readonly signingKeys: readonly KeyObject[]; readonly ctx: AssertionCheckContext }): SamlDiagnosis {
  const checks: CheckResult[] = [];
  const empty = { verified: false, nameId: null, email: null, attributes: {}, assertionId: null, acceptedUntil: null };
  const xml = runCheck(checks, 'encoding', () => decodeSamlResponse(samlResponse), { own: ['encoding', 'size', 'dtd'], ok: 'base64 of UTF-8 XML, without DTD' });
  if (xml === undefined) {
    skipRest(checks, ['schema', 'structure', ...LATER], 'the response could not be decoded');
    return { checks, ...empty };
  }
  runCheck(checks, 'schema', () => deps.schemaCheck(xml), { own: ['schema', 'xml'], ok: 'valid against the SAML 2.0 protocol schema' });

  let shape: SamlResponseShape | undefined;
  let unsigned: unknown = null;
  try {
    shape = inspectSamlResponse(xml);
    checks.push(passed('structure', 'a Success status, one unencrypted Assertion, no comments, signatures where SAML puts them'));
  } catch (err) {
    // The signature placement is the last structural rule: reaching it means the rest held.
    if (refusalName(err) === 'signature') {
      checks.push(passed('structure', 'a Success status, one unencrypted Assertion, no comments'));
      unsigned = err;
    } else checks.push(failed('structure', err));
  }

  let assertionXml: string | undefined;
  let verified = false;
  if (shape !== undefined) {
    const signatures = runCheck(checks, 'signature', () => verifySamlSignatures(shape, deps.signingKeys), {
      own: ['signature', 'algorithm'],
      ok: (v) => `verified with the certificate of the IdP metadata (${[v.responseSigned ? 'Response' : '', v.assertionSigned ? 'Assertion' : ''].filter(Boolean).join(' and ')})`,
    });
    if (signatures !== undefined) {
      assertionXml = signatures.authenticatedAssertionXml;
      verified = true;
    } else assertionXml = serialize(shape.assertion);
  } else {
    if (unsigned !== null) checks.push(failed('signature', unsigned));
    assertionXml = loneAssertion(xml);
  }

  const facts = assertionXml === undefined ? undefined : readFacts(assertionXml);
  if (facts === undefined) {
    skipRest(checks, LATER, 'no assertion could be read from the response');
    return { checks, ...empty };
  }
  const response = shape?.response ?? documentElement(xml);
  const responseFacts = {
    ...(response ? responseAttributes(response) : { destination: undefined, inResponseTo: undefined, issuer: undefined }),
    signed: shape?.signatures.some((s) => s.on === 'response') ?? false,
  };
  for (const step of ASSERTION_CHECK_STEPS) {
    runCheck(checks, step.name, () => step.run(responseFacts, facts, deps.ctx), { own: step.checks, ok: STEP_OK[step.name] ?? 'passed' });
  }
  const identity = assertionIdentity(facts);
  return {
    checks,
    verified,
    nameId: identity.nameId === '' ? null : identity.nameId,
    email: identity.email,
    attributes: identity.attributes,
    assertionId: facts.assertionId === '' ? null : facts.assertionId,
    acceptedUntil: acceptedUntil(facts, deps.ctx),
  };
}

const STEP_OK: Readonly<Partial<Record<AssertionCheckStep['name'], string>>> = {
  issuer: "issued by this connection's identity provider (the entityID of its metadata)",
  destination: "sent to one of this connection's ACS URLs",
  subject_confirmation: 'exactly one bearer SubjectConfirmation',
  recipient: "the bearer confirmation names one of this connection's ACS URLs",
  audience: 'meant for this service provider (Audience is its entityID)',
  time_window: 'valid now, within the allowed clock skew',
  in_response_to: 'answers the request this test sent',
  email: 'carries an email address (NameID emailAddress, or an email/mail attribute)',
};

function readFacts(assertionXml: string): SignedAssertionFacts | undefined {
  try {
    return readSignedAssertion(assertionXml);
  } catch (err) {
    if (err instanceof AppError) return undefined;
    throw err;
  }
}

function serialize(element: Element): string {
  return new XMLSerializer().serializeToString(element);
}

function documentElement(xml: string): Element | undefined {
  try {
    const doc = new DOMParser({ onError: () => undefined }).parseFromString(xml, 'text/xml');
    return doc.documentElement ?? undefined;
  } catch {
    return undefined;
  }
}

/** The one Assertion of a response whose structure was refused (for display and the remaining checks). */
function loneAssertion(xml: string): string | undefined {
  const root = documentElement(xml);
  const found = root?.getElementsByTagNameNS(SAML_NS.assertion, 'Assertion');
  return found?.length === 1 ? serialize(found.item(0) as Element) : undefined;
}
