import { sql, type Kysely } from 'kysely';
import type { TenantConfig } from '../config/tenant-config';
import type { Database } from '../store/database-schema';
import type { AdminPrincipal } from './admin-scope';

export interface EventFilter {
  readonly type?: string | undefined;
  /** A user id, or an email (the user's, or the one a failed sign-in was tried with). */
  readonly user?: string | undefined;
  /** failure = the event carries a reason code (sign_in.failed, two_factor.failed …). */
  readonly outcome?: 'success' | 'failure' | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
}

export interface AdminEvent {
  readonly seq: number;
  readonly id: string;
  readonly type: string;
  readonly at: string;
  readonly outcome: 'success' | 'failure';
  readonly userId: string | null;
  readonly userEmail: string | null;
  /** The email a sign-in was tried with. */
  readonly email: string | null;
  readonly ip: string | null;
  readonly connectionId: string | null;
  readonly reason: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
}

/**
 * Audit events the principal may read, newest first, `before` a sequence number (keyset
 * paging: stable while new events arrive, and as fast on page 1,000 as on page 1). Scope: an
 * event about a user in scope, or one about nobody yet (a failed sign-in) on a connection whose
 * node is in scope.
 */
export async function listAdminEvents(
  db: Kysely<Database>,
  config: TenantConfig,
  principal: AdminPrincipal,
  o: EventFilter & { before?: number | undefined; limit: number },
): Promise<AdminEvent[]> {
  let q = db.selectFrom('audit_events as e').leftJoin('users as u', 'u.id', 'e.user_id');
  if (principal.nodes !== null) {
    const nodes = principal.nodes;
    const connections = config.sso.filter((c) => nodes.includes(c.node)).map((c) => c.id);
    q = q.where((eb) =>
      eb.or([
        eb('u.node', 'in', nodes),
        ...(connections.length > 0 ? [eb.and([eb('e.user_id', 'is', null), eb('e.connection_id', 'in', connections)])] : []),
      ]),
    );
  }
  if (o.type !== undefined) q = q.where('e.type', '=', o.type);
  if (o.user !== undefined) {
    const user = o.user;
    q = user.includes('@')
      ? q.where((eb) => eb.or([eb('u.email', '=', user.toLowerCase()), eb('e.email', '=', user.toLowerCase())]))
      : q.where('e.user_id', '=', user);
  }
  if (o.outcome === 'failure') q = q.where('e.reason', 'is not', null);
  if (o.outcome === 'success') q = q.where('e.reason', 'is', null);
  if (o.from !== undefined) q = q.where('e.at', '>=', o.from.toISOString());
  if (o.to !== undefined) q = q.where('e.at', '<', o.to.toISOString());
  // PostgreSQL's seq is a 32-bit serial and would type the parameter so too: a cursor past
  // 2^31 failed as "out of range" (a 500). As a 64-bit value it compares on both stores.
  if (o.before !== undefined) q = q.where('e.seq', '<', sql<number>`cast(${o.before} as bigint)`);
  const rows = await q
    .select(['e.seq', 'e.id', 'e.type', 'e.at', 'e.user_id', 'e.connection_id', 'e.reason', 'e.details_json', 'e.email', 'e.ip', sql<string | null>`u.email`.as('user_email')])
    .orderBy('e.seq', 'desc')
    .limit(o.limit)
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    id: r.id,
    type: r.type,
    at: r.at,
    outcome: r.reason === null ? 'success' : 'failure',
    userId: r.user_id,
    userEmail: r.user_email,
    email: r.email,
    ip: r.ip,
    connectionId: r.connection_id,
    reason: r.reason,
    details: r.details_json === null ? null : (JSON.parse(r.details_json) as Record<string, unknown>),
  }));
}
