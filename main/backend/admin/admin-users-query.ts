import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { TwoFactorMethod } from '../../policy/enforcement-policy';
import type { TenantConfig } from '../config/tenant-config';
import type { Database } from '../store/database-schema';
import type { StoreDialect, UserStatus } from '../store/store';
import type { AdminPrincipal } from './admin-scope';
import { userFacts, type RolloutStage } from './user-facts';

export type UserSource = 'jit' | 'scim';

export interface AdminUserRow {
  readonly id: string;
  readonly email: string;
  readonly status: UserStatus;
  readonly node: string;
  readonly role: string;
  readonly source: UserSource;
  readonly createdAt: string;
  readonly lastSignInAt: string | null;
  readonly devices: number;
  readonly secondFactorMethods: readonly TwoFactorMethod[];
  readonly stage: RolloutStage;
}

export interface UserListQuery {
  /** The start of the email or the SCIM userName, case-insensitive. */
  readonly q?: string | undefined;
  readonly status?: UserStatus | undefined;
  readonly node?: string | undefined;
  readonly role?: string | undefined;
  readonly source?: UserSource | undefined;
  readonly stage?: RolloutStage | undefined;
  readonly offset: number;
  readonly limit: number;
}

type UsersFrom = SelectQueryBuilder<Database & { u: Database['users'] }, 'u', object>;

/** `users as u` limited to the principal's scope: the one place scope becomes SQL. */
export function scopedUsers(db: Kysely<Database>, principal: AdminPrincipal): UsersFrom {
  const q = db.selectFrom('users as u') as unknown as UsersFrom;
  if (principal.nodes === null) return q;
  return q.where('u.node', 'in', principal.nodes);
}

// SCIM-provisioned (or since managed by SCIM) users carry SCIM attributes or an externalId.
const sourceExpr = sql<UserSource>`case when u.scim_json is not null or u.external_id is not null then 'scim' else 'jit' end`;

// Above every character a key can hold: [term, term + MAX) is "starts with term" in byte order.
const MAX_CHAR = '\u{10FFFF}';

/**
 * "Starts with" as a range of keys, so an index answers it: the email (stored lower-cased) or
 * the lower-cased userName where that is not the email (the partial index of migration 0013;
 * the email side finds the others). Compared byte by byte (PostgreSQL's default collation does
 * not); a term's `%` or `_` is a character like any other.
 */
function startsWith(dialect: StoreDialect, term: string): RawBuilder<boolean> {
  const lo = term.toLowerCase();
  const hi = lo + MAX_CHAR;
  const bytes = dialect === 'postgres' ? sql` collate "C"` : sql``;
  const email = sql`u.email${bytes}`;
  const name = sql`lower(u.user_name)${bytes}`;
  return sql<boolean>`((${email} >= ${lo} and ${email} < ${hi}) or (u.user_name is not null and lower(u.user_name) <> u.email and ${name} >= ${lo} and ${name} < ${hi}))`;
}

/**
 * One page of users in scope, with the total and every fact a row shows, in ONE statement
 * whatever the page size or the filters: the matches are counted, the page's ids picked (by
 * email, through its index), and the facts computed for those rows only. Every filter and the
 * scope are SQL.
 */
export async function listAdminUsers(
  db: Kysely<Database>,
  dialect: StoreDialect,
  config: TenantConfig,
  principal: AdminPrincipal,
  o: UserListQuery,
): Promise<{ total: number; users: AdminUserRow[] }> {
  const facts = userFacts(config);
  let matches = scopedUsers(db, principal);
  const term = o.q?.trim() ?? '';
  if (term !== '') matches = matches.where(startsWith(dialect, term));
  if (o.status !== undefined) matches = matches.where('u.status', '=', o.status);
  if (o.node !== undefined) matches = matches.where('u.node', '=', o.node);
  if (o.role !== undefined) matches = matches.where('u.role', '=', o.role);
  if (o.source !== undefined) matches = matches.where(sql<boolean>`${sourceExpr} = ${o.source}`);
  if (o.stage !== undefined) matches = matches.where(sql<boolean>`u.status <> 'deactivated' and ${facts.stage} = ${o.stage}`);

  const pageIds = matches.select('u.id').orderBy('u.email').limit(o.limit).offset(o.offset);
  const page = withUserColumns(scopedUsers(db, principal).where('u.id', 'in', pageIds), facts);
  // The count is a one-row table the page joins onto, so a page past the end still has its total.
  const rows = await db
    .selectFrom(matches.select(sql<number | string>`count(*)`.as('total')).as('t'))
    .leftJoin(page.as('p'), (join) => join.onTrue())
    .selectAll('p')
    .select('t.total')
    .orderBy('p.email')
    .execute();
  return {
    total: Number(rows[0]?.total ?? 0),
    users: rows.flatMap((r) => (r.id === null ? [] : [toAdminUser(r as UserColumns)])),
  };
}

/** One user, only if in scope (else undefined: out of scope reads as unknown). One statement. */
export async function findAdminUser(db: Kysely<Database>, config: TenantConfig, principal: AdminPrincipal, id: string): Promise<AdminUserRow | undefined> {
  const r = await withUserColumns(scopedUsers(db, principal).where('u.id', '=', id), userFacts(config)).executeTakeFirst();
  return r === undefined ? undefined : toAdminUser(r);
}

// 1 or 0 on both dialects (PostgreSQL's `exists` is a boolean, SQLite's an integer).
const flag = (condition: RawBuilder<boolean>) => sql<number>`case when ${condition} then 1 else 0 end`;

/** A row's columns and facts: correlated lookups on indexed user ids, evaluated for the rows selected only. */
function withUserColumns(q: UsersFrom, facts: ReturnType<typeof userFacts>) {
  return q.select([
    'u.id',
    'u.email',
    'u.status',
    'u.node',
    'u.role',
    'u.created_at',
    'u.last_sign_in_at',
    sourceExpr.as('source'),
    facts.stage.as('stage'),
    sql<number>`(select count(*) from devices d where d.user_id = u.id)`.as('devices'),
    sql<string | null>`(select max(d.last_seen_at) from devices d where d.user_id = u.id)`.as('last_seen'),
    flag(sql`exists (select 1 from two_factor_totp t where t.user_id = u.id and t.confirmed = 1)`).as('totp'),
    flag(sql`exists (select 1 from two_factor_webauthn w where w.user_id = u.id)`).as('webauthn'),
    flag(sql`exists (select 1 from two_factor_backup_codes b where b.user_id = u.id and b.used_at is null)`).as('backup_codes'),
  ]);
}

type UserColumns = Awaited<ReturnType<ReturnType<typeof withUserColumns>['executeTakeFirstOrThrow']>>;

const METHOD_COLUMNS = ['totp', 'webauthn', 'backup_codes'] as const satisfies readonly TwoFactorMethod[];

function toAdminUser(r: UserColumns): AdminUserRow {
  return {
    id: r.id,
    email: r.email,
    status: r.status,
    node: r.node,
    role: r.role,
    source: r.source,
    createdAt: r.created_at,
    lastSignInAt: latest(r.last_sign_in_at, r.last_seen),
    devices: Number(r.devices),
    secondFactorMethods: METHOD_COLUMNS.filter((m) => Number(r[m]) === 1),
    stage: r.stage,
  };
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
