import { AppError, responseCheckFailed } from '../../errors/app-error';
import type { SsoConnection, TenantConfig } from '../config/tenant-config';
import { groupsFromClaim } from '../scim/role-mapping';
import { failed, passed, skipped, type CheckResult } from '../sso/check-result';
import type { Store } from '../store/store';
import { previewPlacement } from './placement-preview';

/** What the IdP said about the person, as read by the protocol's checks. */
export interface TestedIdentity {
  /** SAML NameID / OIDC `sub`. */
  readonly subject: string | null;
  readonly email: string | null;
  /** SAML attributes / the ID token's claims (never a token). */
  readonly claims: Readonly<Record<string, unknown>> | null;
  /** Read from a verified signature (SAML) or an accepted ID token (OIDC); false: as received. */
  readonly verified: boolean;
}

export interface ConnectionTestReport {
  readonly testId: string;
  readonly connectionId: string;
  readonly protocol: 'saml' | 'oidc';
  /** `pass` only when every check passed. */
  readonly outcome: 'pass' | 'fail';
  readonly identity: {
    readonly subject: string | null;
    readonly email: string | null;
    readonly name: string | null;
    /** The groups attribute/claim (the connection's `groupsAttribute`, else `groups`); null when absent. */
    readonly groups: readonly string[] | null;
    readonly verified: boolean;
  };
  /** Every attribute or claim, in the order the IdP sent them; values as text. */
  readonly claims: readonly { readonly name: string; readonly values: readonly string[] }[];
  readonly checks: readonly CheckResult[];
  readonly placement: { readonly user: 'existing' | 'new'; readonly node: string; readonly role: string } | null;
}

const NAME_CLAIMS = ['name', 'displayName', 'http://schemas.microsoft.com/identity/claims/displayname', 'cn'];
const MAX_VALUES = 200;

/** The checks both protocols share (required attributes, email domain, where JIT would put the person), then the report. */
export async function buildReport(
  deps: { readonly store: Store; readonly config: TenantConfig },
  o: { readonly testId: string; readonly connection: SsoConnection; readonly identity: TestedIdentity; readonly checks: readonly CheckResult[] },
): Promise<ConnectionTestReport> {
  const { connection, identity } = o;
  const claims = identity.claims ?? {};
  const groupsName = connection.groupsAttribute ?? 'groups';
  const groups = claims[groupsName] === undefined ? null : groupsFromClaim(claims[groupsName]);
  const checks = [...o.checks];
  const required = connection.type === 'saml' ? 'required_attributes' : 'required_claims';
  if (identity.claims === null && identity.subject === null) checks.push(skipped(required, 'nothing was read from the answer'));
  else {
    const missing = [
      ...(identity.subject === null ? [connection.type === 'saml' ? 'NameID' : 'sub'] : []),
      ...(identity.email === null ? ['email'] : []),
      ...(connection.groupsAttribute !== null && groups === null ? [connection.groupsAttribute] : []),
    ];
    checks.push(
      missing.length === 0
        ? passed(required, `present: ${[connection.type === 'saml' ? 'NameID' : 'sub', 'email', ...(connection.groupsAttribute === null ? [] : [connection.groupsAttribute])].join(', ')}`)
        : failed(required, responseCheckFailed('email', `missing: ${missing.join(', ')}`)),
    );
  }
  let placement: ConnectionTestReport['placement'] = null;
  if (identity.email === null) {
    checks.push(skipped('email_domain', 'the answer carries no email'), skipped('placement', 'the answer carries no email'));
  } else {
    const domain = identity.email.slice(identity.email.lastIndexOf('@') + 1);
    checks.push(
      connection.domains.includes(domain)
        ? passed('email_domain', `${domain} is one of this connection's domains`)
        : failed('email_domain', new AppError('email_domain_not_allowed', `${domain} is not one of this connection's domains (${connection.domains.join(', ')}).`)),
    );
    const preview = await previewPlacement(deps, connection, identity.email, connection.groupsAttribute === null || groups === null ? undefined : groups);
    checks.push(preview.check);
    placement = preview.placement;
  }
  const nameKey = NAME_CLAIMS.find((k) => typeof claims[k] === 'string');
  return {
    testId: o.testId,
    connectionId: connection.id,
    protocol: connection.type,
    outcome: checks.every((c) => c.outcome === 'pass') ? 'pass' : 'fail',
    identity: { subject: identity.subject, email: identity.email, name: nameKey === undefined ? null : String(claims[nameKey]), groups, verified: identity.verified },
    claims: Object.entries(claims).map(([name, value]) => ({ name, values: asText(value) })),
    checks,
    placement,
  };
}

function asText(value: unknown): string[] {
  if (Array.isArray(value)) return value.slice(0, MAX_VALUES).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
  return [typeof value === 'string' ? value : JSON.stringify(value)];
}
