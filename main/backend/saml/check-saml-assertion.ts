import type { SignedAssertionFacts, SubjectConfirmationFacts } from './read-signed-assertion';
import { samlCheckFailed, type SamlCheck } from './saml-check-error';
import { BEARER_METHOD, EMAIL_ATTRIBUTE_NAMES, NAMEID_FORMAT_EMAIL } from './saml-uris';

/**
 * The Web Browser SSO profile checks (SAML profiles §4.1.4.2–3) that samlify leaves to its caller
 * (TOOLCHAIN.md: it checks none of InResponseTo, Audience, Destination, Recipient, the bearer
 * confirmation), plus the ones its flow would have made (issuer, time window), against
 * `ctx.now` rather than the wall clock. Pure: facts in, identity or AppError out.
 */
export interface ResponseFacts {
  /** Attributes of the Response element itself (covered by its signature when it has one). */
  readonly destination: string | undefined;
  readonly inResponseTo: string | undefined;
  readonly issuer: string | undefined;
  readonly signed: boolean;
}

export interface AssertionCheckContext {
  readonly idpEntityId: string;
  readonly spEntityId: string;
  readonly acsUrls: readonly string[];
  readonly expectedRequestId: string | null;
  readonly allowIdpInitiated: boolean;
  readonly clockSkewMs: number;
  readonly now: Date;
}

export interface CheckedAssertion {
  readonly nameId: string;
  readonly email: string;
  readonly attributes: Readonly<Record<string, string | readonly string[]>>;
  readonly assertionId: string;
  readonly inResponseTo: string | null;
  readonly notOnOrAfter: Date;
}

/**
 * One named step of the profile checks. `checks` are the names its refusals carry; a refusal
 * under another name means a step it depends on failed (the diagnosis shows it as not evaluated).
 */
export interface AssertionCheckStep {
  readonly name: SamlCheck | 'time_window';
  readonly checks: readonly SamlCheck[];
  readonly run: (response: ResponseFacts, a: SignedAssertionFacts, ctx: AssertionCheckContext) => void;
}

/** The steps in the order sign-in runs them; a sign-in stops at the first refusal, a diagnosis runs them all. */
export const ASSERTION_CHECK_STEPS: readonly AssertionCheckStep[] = [
  // SAML core §2.2.5, profiles §4.1.4.2: the Assertion Issuer (and the Response's, if any) is the IdP.
  { name: 'issuer', checks: ['issuer'], run: checkIssuer },
  // Bindings §3.5.5.2: a signed Response must carry Destination, and it must be one of our ACS
  // URLs, or a response meant for another SP (or ACS) could be replayed here.
  { name: 'destination', checks: ['destination'], run: checkDestination },
  { name: 'subject_confirmation', checks: ['subject_confirmation'], run: (_r, a) => void bearerData(a) },
  // Profiles §4.1.4.2: Recipient MUST be the ACS the response was delivered to.
  {
    name: 'recipient',
    checks: ['recipient'],
    run: (_r, a, ctx) => {
      const data = bearerData(a);
      if (data.recipient === undefined || !ctx.acsUrls.includes(data.recipient)) {
        throw samlCheckFailed('recipient', 'the bearer SubjectConfirmationData Recipient is not this ACS');
      }
    },
  },
  { name: 'audience', checks: ['audience'], run: checkAudience },
  { name: 'time_window', checks: ['not_before', 'not_on_or_after', 'schema'], run: (_r, a, ctx) => void timeWindow(a, ctx) },
  {
    name: 'in_response_to',
    checks: ['in_response_to', 'idp_initiated'],
    run: (r, a, ctx) => void checkInResponseTo(r.inResponseTo, bearerData(a).inResponseTo, ctx),
  },
  { name: 'email', checks: ['email'], run: (_r, a) => void pickEmail(nameIdOf(a), a.nameIdFormat, attributeRecord(a.attributes)) },
];

export function checkSamlAssertion(response: ResponseFacts, a: SignedAssertionFacts, ctx: AssertionCheckContext): CheckedAssertion {
  for (const step of ASSERTION_CHECK_STEPS) step.run(response, a, ctx);
  const data = bearerData(a);
  const inResponseTo = checkInResponseTo(response.inResponseTo, data.inResponseTo, ctx);
  const nameId = nameIdOf(a);
  const attributes = attributeRecord(a.attributes);
  const email = pickEmail(nameId, a.nameIdFormat, attributes);
  if (a.assertionId === '') throw samlCheckFailed('schema', 'the assertion has no ID');
  return { nameId, email, attributes, assertionId: a.assertionId, inResponseTo, notOnOrAfter: timeWindow(a, ctx) };
}

/** NameID, attributes and email (null when none is usable) as the assertion states them, for display whatever failed. */
export function assertionIdentity(a: SignedAssertionFacts): { nameId: string; attributes: Readonly<Record<string, string | readonly string[]>>; email: string | null } {
  const nameId = nameIdOf(a);
  const attributes = attributeRecord(a.attributes);
  let email: string | null = null;
  try {
    email = pickEmail(nameId, a.nameIdFormat, attributes);
  } catch {
    // Shown by the email check.
  }
  return { nameId, attributes, email };
}

/** The instant (plus skew) from which the assertion is refused; null when it already is, or has no bound. */
export function acceptedUntil(a: SignedAssertionFacts, ctx: AssertionCheckContext): Date | null {
  try {
    return timeWindow(a, ctx);
  } catch {
    return null;
  }
}

function nameIdOf(a: SignedAssertionFacts): string {
  return typeof a.nameId === 'string' ? a.nameId : '';
}

function checkIssuer(response: ResponseFacts, a: SignedAssertionFacts, ctx: AssertionCheckContext): void {
  if (a.issuer !== ctx.idpEntityId) {
    throw samlCheckFailed('issuer', "the assertion was not issued by this connection's identity provider");
  }
  if (response.issuer !== undefined && response.issuer !== ctx.idpEntityId) {
    throw samlCheckFailed('issuer', "the response was not issued by this connection's identity provider");
  }
}

function checkDestination(response: ResponseFacts, _a: SignedAssertionFacts, ctx: AssertionCheckContext): void {
  if (response.destination === undefined ? response.signed : !ctx.acsUrls.includes(response.destination)) {
    throw samlCheckFailed(
      'destination',
      response.destination === undefined ? 'the signed response has no Destination' : 'the response was sent to another destination than this ACS',
    );
  }
}

/**
 * Several confirmations are legal but no IdP we target sends them; exactly one bearer
 * confirmation keeps the checks unambiguous (holder-of-key etc. need proofs we don't check).
 */
function bearerData(a: SignedAssertionFacts): SubjectConfirmationFacts['data'][number] {
  const [confirmation, ...more] = a.confirmations;
  if (confirmation === undefined || more.length > 0) {
    throw samlCheckFailed('subject_confirmation', 'the assertion must have exactly one SubjectConfirmation');
  }
  if (confirmation.method !== BEARER_METHOD) {
    throw samlCheckFailed('subject_confirmation', 'the subject confirmation method is not bearer');
  }
  const [data, ...moreData] = confirmation.data;
  if (data === undefined || moreData.length > 0) {
    throw samlCheckFailed('subject_confirmation', 'the bearer confirmation must have exactly one SubjectConfirmationData');
  }
  return data;
}

/** Core §2.5.1.4: each AudienceRestriction is a separate condition, so each must name us. */
function checkAudience(_r: ResponseFacts, a: SignedAssertionFacts, ctx: AssertionCheckContext): void {
  if (a.audienceRestrictions.length === 0) {
    throw samlCheckFailed('audience', 'the assertion has no AudienceRestriction');
  }
  if (!a.audienceRestrictions.every((audiences) => audiences.includes(ctx.spEntityId))) {
    throw samlCheckFailed('audience', 'the assertion is meant for another service provider (Audience mismatch)');
  }
}

/** The validity window with the clock skew; answers the instant (plus skew) from which the assertion is refused. */
function timeWindow(a: SignedAssertionFacts, ctx: AssertionCheckContext): Date {
  const data = bearerData(a);
  const now = ctx.now.getTime();
  const skew = ctx.clockSkewMs;
  // Profiles §4.1.4.2: the bearer confirmation MUST bound the assertion's lifetime.
  const subjectNotOnOrAfter = time(data.notOnOrAfter, 'SubjectConfirmationData NotOnOrAfter');
  if (subjectNotOnOrAfter === undefined) {
    throw samlCheckFailed('not_on_or_after', 'the bearer SubjectConfirmationData has no NotOnOrAfter');
  }
  const conditionsNotOnOrAfter = time(a.conditionsNotOnOrAfter, 'Conditions NotOnOrAfter');
  for (const notBefore of [time(a.conditionsNotBefore, 'Conditions NotBefore'), time(data.notBefore, 'SubjectConfirmationData NotBefore')]) {
    if (notBefore !== undefined && now < notBefore - skew) {
      throw samlCheckFailed('not_before', 'the assertion is not valid yet (check the clocks of the IdP and this server)');
    }
  }
  const upperBounds = [subjectNotOnOrAfter, conditionsNotOnOrAfter, ...a.sessionNotOnOrAfter.map((s) => time(s, 'SessionNotOnOrAfter'))];
  for (const notOnOrAfter of upperBounds) {
    if (notOnOrAfter !== undefined && now >= notOnOrAfter + skew) {
      throw samlCheckFailed('not_on_or_after', 'the assertion has expired');
    }
  }
  return new Date(Math.min(subjectNotOnOrAfter, conditionsNotOnOrAfter ?? Infinity) + skew);
}

/**
 * Binds the response to the login transaction (core §3.2.2, profiles §4.1.4.3): an answer to
 * someone else's request, or an unsolicited one where none is allowed, is refused.
 */
function checkInResponseTo(onResponse: string | undefined, onSubject: string | undefined, ctx: AssertionCheckContext): string | null {
  if (ctx.expectedRequestId !== null) {
    if (onResponse === undefined || onSubject === undefined) {
      throw samlCheckFailed('in_response_to', 'the response does not say which request it answers (InResponseTo missing)');
    }
    if (onResponse !== ctx.expectedRequestId || onSubject !== ctx.expectedRequestId) {
      throw samlCheckFailed('in_response_to', 'the response answers another sign-in request');
    }
    return ctx.expectedRequestId;
  }
  if (!ctx.allowIdpInitiated) {
    throw samlCheckFailed('idp_initiated', 'this connection does not accept IdP-initiated sign-in; start from Keyhaven');
  }
  if (onResponse !== undefined || onSubject !== undefined) {
    throw samlCheckFailed('in_response_to', 'an unsolicited response must not carry InResponseTo (it answered another request)');
  }
  return null;
}

function pickEmail(nameId: string, format: string | undefined, attributes: Readonly<Record<string, string | readonly string[]>>): string {
  let candidate: string | undefined;
  if (format === NAMEID_FORMAT_EMAIL) candidate = nameId;
  else {
    for (const name of EMAIL_ATTRIBUTE_NAMES) {
      const value = attributes[name];
      if (value === undefined) continue;
      // A multi-valued email is ambiguous: refusing beats guessing which one is the user.
      if (typeof value !== 'string') throw samlCheckFailed('email', `the ${name} attribute has several values`);
      candidate = value;
      break;
    }
  }
  const email = candidate?.trim().toLowerCase();
  if (email === undefined || email === '') {
    throw samlCheckFailed('email', 'the assertion carries no email (NameID format emailAddress or an email/mail attribute)');
  }
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
    throw samlCheckFailed('email', 'the email in the assertion is not a valid address');
  }
  return email;
}

function attributeRecord(raw: unknown): Readonly<Record<string, string | readonly string[]>> {
  const out: Record<string, string | readonly string[]> = {};
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [name, value] of Object.entries(raw)) {
      if (typeof value === 'string') out[name] = value;
      else if (Array.isArray(value)) out[name] = Object.freeze(value.filter((v): v is string => typeof v === 'string'));
    }
  }
  return Object.freeze(out);
}

function time(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  // Core §1.3.3: SAML times are UTC; a value without a zone designator is read as UTC, not local time.
  const ms = Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(ms)) throw samlCheckFailed('schema', `${what} is not a valid time`);
  return ms;
}
