import { Extractor } from 'samlify';
import { samlCheckFailed } from './saml-check-error';
import { BEARER_METHOD, EMAIL_ATTRIBUTE_NAMES, NAMEID_FORMAT_EMAIL } from './saml-uris';

/**
 * The checks samlify leaves to its caller (TOOLCHAIN.md: it does not check InResponseTo,
 * Audience, Destination, Recipient or the bearer confirmation), plus the ones its flow would
 * have made (issuer, time window), all on fields samlify's extractor reads from the
 * signature-verified assertion octets. Nothing here reads the raw document, so a second
 * (unsigned) copy of any element cannot influence the outcome.
 */

type Extract = Record<string, unknown>;

export interface AssertionCheckInput {
  /** The assertion as covered by a verified signature (see verify-saml-signatures). */
  readonly authenticatedAssertionXml: string;
  /** Attributes of the Response element itself (covered by its signature when it has one). */
  readonly response: { readonly destination?: string; readonly inResponseTo?: string; readonly issuer?: string };
  readonly responseSigned: boolean;
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
 * samlify's own login-response fields (what `ServiceProvider#parseLoginResponse` extracts) minus
 * the Response-level one, with ours added. samlify roots each field at a `shortcut` copy of the
 * assertion and re-parses it per field; giving it the assertion as the document instead reads
 * the same paths from one parse.
 */
function identityFields(assertionXml: string): Extractor.ExtractorField[] {
  const samlifyFields = Extractor.loginResponseFields(assertionXml)
    .filter((f) => f.key !== 'response')
    .map(({ shortcut: _sameDocument, ...field }) => field);
  return [
    ...samlifyFields,
    { key: 'assertionId', localPath: ['Assertion'], attributes: ['ID'] },
    { key: 'nameIdFormat', localPath: ['Assertion', 'Subject', 'NameID'], attributes: ['Format'] },
    { key: 'confirmations', localPath: ['Assertion', 'Subject', 'SubjectConfirmation'], attributes: [], context: true },
    { key: 'audienceRestrictions', localPath: ['Assertion', 'Conditions', 'AudienceRestriction'], attributes: [], context: true },
  ];
}

export function checkSamlAssertion(input: AssertionCheckInput, ctx: AssertionCheckContext): CheckedAssertion {
  const extract = Extractor.extract(input.authenticatedAssertionXml, identityFields(input.authenticatedAssertionXml)) as Extract;

  // SAML core §2.2.5 / profiles §4.1.4.2: the Assertion Issuer (and the Response's, if any) names the IdP.
  if (extract.issuer !== ctx.idpEntityId) {
    throw samlCheckFailed('issuer', 'the assertion was not issued by this connection\'s identity provider');
  }
  if (input.response.issuer !== undefined && input.response.issuer !== ctx.idpEntityId) {
    throw samlCheckFailed('issuer', 'the response was not issued by this connection\'s identity provider');
  }

  const nameId = typeof extract.nameID === 'string' ? extract.nameID : '';
  if (nameId === '') throw samlCheckFailed('email', 'the assertion has no NameID');

  const destination = input.response.destination;
  // Bindings §3.5.5.2: a signed Response must carry Destination, and it must be our ACS,
  // or a response meant for another SP (or another ACS) could be replayed here.
  if (destination === undefined ? input.responseSigned : !ctx.acsUrls.includes(destination)) {
    throw samlCheckFailed('destination', destination === undefined ? 'the signed response has no Destination' : 'the response was sent to another destination than this ACS');
  }

  const confirmation = bearerConfirmation(extract.confirmations);
  const recipient = confirmation.recipient;
  if (recipient === undefined || !ctx.acsUrls.includes(recipient)) {
    throw samlCheckFailed('recipient', 'the bearer SubjectConfirmationData Recipient is not this ACS');
  }

  checkAudience(extract.audienceRestrictions, ctx.spEntityId);

  const now = ctx.now.getTime();
  const skew = ctx.clockSkewMs;
  const conditions = record(extract.conditions);
  const conditionsNotBefore = time(conditions.notBefore, 'Conditions NotBefore');
  const conditionsNotOnOrAfter = time(conditions.notOnOrAfter, 'Conditions NotOnOrAfter');
  const subjectNotBefore = time(confirmation.notBefore, 'SubjectConfirmationData NotBefore');
  const subjectNotOnOrAfter = time(confirmation.notOnOrAfter, 'SubjectConfirmationData NotOnOrAfter');
  const sessionNotOnOrAfter = time(record(extract.sessionIndex).sessionNotOnOrAfter, 'SessionNotOnOrAfter');
  // Profiles §4.1.4.2: the bearer confirmation MUST limit the assertion's lifetime.
  if (subjectNotOnOrAfter === undefined) {
    throw samlCheckFailed('not_on_or_after', 'the bearer SubjectConfirmationData has no NotOnOrAfter');
  }
  for (const notBefore of [conditionsNotBefore, subjectNotBefore]) {
    if (notBefore !== undefined && now < notBefore - skew) {
      throw samlCheckFailed('not_before', 'the assertion is not valid yet (check the clocks of the IdP and this server)');
    }
  }
  for (const notOnOrAfter of [conditionsNotOnOrAfter, subjectNotOnOrAfter, sessionNotOnOrAfter]) {
    if (notOnOrAfter !== undefined && now >= notOnOrAfter + skew) {
      throw samlCheckFailed('not_on_or_after', 'the assertion has expired');
    }
  }

  const inResponseTo = checkInResponseTo(input.response.inResponseTo, confirmation.inResponseTo, ctx);

  const attributes = attributeRecord(extract.attributes);
  const email = pickEmail(nameId, str(extract.nameIdFormat), attributes);

  const assertionId = str(extract.assertionId);
  if (assertionId === undefined || assertionId === '') throw samlCheckFailed('schema', 'the assertion has no ID');
  const expiry = Math.min(subjectNotOnOrAfter, conditionsNotOnOrAfter ?? Infinity);
  return { nameId, email, attributes, assertionId, inResponseTo, notOnOrAfter: new Date(expiry + skew) };
}

function bearerConfirmation(raw: unknown): { recipient?: string; notBefore?: string; notOnOrAfter?: string; inResponseTo?: string } {
  // Several confirmations are legal but no IdP we target sends them; one bearer keeps it unambiguous.
  if (typeof raw !== 'string') {
    throw samlCheckFailed('subject_confirmation', 'the assertion must have exactly one SubjectConfirmation');
  }
  const fields = Extractor.extract(raw, [
    { key: 'method', localPath: ['SubjectConfirmation'], attributes: ['Method'] },
    { key: 'data', localPath: ['SubjectConfirmation', 'SubjectConfirmationData'], attributes: [], context: true },
    {
      key: 'attrs',
      localPath: ['SubjectConfirmation', 'SubjectConfirmationData'],
      attributes: ['Recipient', 'NotBefore', 'NotOnOrAfter', 'InResponseTo', 'Address'],
    },
  ]) as Extract;
  // Profiles §4.1.4.2: Web Browser SSO uses bearer confirmation; holder-of-key etc. need proof we don't check.
  if (fields.method !== BEARER_METHOD) {
    throw samlCheckFailed('subject_confirmation', 'the subject confirmation method is not bearer');
  }
  if (typeof fields.data !== 'string') {
    throw samlCheckFailed('subject_confirmation', 'the bearer confirmation must have exactly one SubjectConfirmationData');
  }
  // The extractor returns only the attributes present, camel-cased; a lone attribute comes back as a string.
  const attrs = record(fields.attrs);
  return {
    recipient: str(attrs.recipient),
    notBefore: str(attrs.notBefore),
    notOnOrAfter: str(attrs.notOnOrAfter),
    inResponseTo: str(attrs.inResponseTo),
  };
}

/** SAML core §2.5.1.4: every AudienceRestriction must name us (each is a separate condition). */
function checkAudience(raw: unknown, spEntityId: string): void {
  const restrictions = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((r) => typeof r === 'string') : [];
  if (restrictions.length === 0) {
    throw samlCheckFailed('audience', 'the assertion has no AudienceRestriction');
  }
  for (const restriction of restrictions) {
    const { audience } = Extractor.extract(restriction, [{ key: 'audience', localPath: ['AudienceRestriction', 'Audience'], attributes: [] }]) as Extract;
    const audiences = typeof audience === 'string' ? [audience] : Array.isArray(audience) ? audience : [];
    if (!audiences.includes(spEntityId)) {
      throw samlCheckFailed('audience', 'the assertion is meant for another service provider (Audience mismatch)');
    }
  }
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
  for (const [name, value] of Object.entries(record(raw))) {
    if (typeof value === 'string') out[name] = value;
    else if (Array.isArray(value)) out[name] = Object.freeze(value.filter((v): v is string => typeof v === 'string'));
  }
  return Object.freeze(out);
}

function time(value: unknown, what: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(ms)) throw samlCheckFailed('schema', `${what} is not a valid time`);
  return ms;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
