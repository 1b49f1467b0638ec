import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { TwoFactorMethod } from '../../policy/enforcement-policy';
import type { TenantConfig } from '../config/tenant-config';
import type { Database } from '../store/database-schema';
import type { UserStatus } from '../store/store';
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
  /** Part of the email or SCIM userName, case-insensitive. */
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

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// SCIM-provisioned (or since managed by SCIM) users carry SCIM attributes or an externalId.
const sourceExpr = sql<UserSource>`case when u.scim_json is not null or u.external_id is not null then 'scim' else 'jit' end`;

/** One page of users in scope, newest facts included; every filter is applied in SQL. */
export async function listAdminUsers(
  db: Kysely<Database>,
  config: TenantConfig,
  principal: AdminPrincipal,
  o: UserListQuery,
): Promise<{ total: number; users: AdminUserRow[] }> {
  const facts = userFacts(config);
  let q = scopedUsers(db, principal);
  if (o.q !== undefined && o.q.trim() !== '') {
    const pattern = likePattern(o.q.trim());
    q = q.where(sql<boolean>`(u.email like ${pattern} escape '\\' or lower(coalesce(u.user_name, '')) like ${pattern} escape '\\')`);
  }
  if (o.status !== undefined) q = q.where('u.status', '=', o.status);
  if (o.node !== undefined) q = q.where('u.node', '=', o.node);
  if (o.role !== undefined) q = q.where('u.role', '=', o.role);
  if (o.source !== undefined) q = q.where(sql<boolean>`${sourceExpr} = ${o.source}`);
  if (o.stage !== undefined) q = q.where(sql<boolean>`u.status <> 'deactivated' and ${facts.stage} = ${o.stage}`);

  // Two steps: the page's ids and the total, then the facts of those rows alone, so a search
  // matching thousands never computes a stage or a device count it will not show. A search scans
  // once (a window count) and sorts its matches (lower(email) = email) instead of walking the
  // email index with a row lookup per user; the plain list walks the index and stops at a page.
  const total = () => q.select(sql<number | string>`count(*)`.as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n));
  let page: { id: string }[];
  let count: number;
  if (o.q !== undefined && o.q.trim() !== '') {
    const found = await q.select(['u.id', sql<number | string>`count(*) over ()`.as('total')]).orderBy(sql`lower(u.email)`).offset(o.offset).limit(o.limit).execute();
    page = found;
    count = found[0] !== undefined ? Number(found[0].total) : o.offset === 0 ? 0 : await total();
  } else {
    [count, page] = await Promise.all([total(), q.select('u.id').orderBy('u.email').offset(o.offset).limit(o.limit).execute()]);
  }
  const ids = page.map((r) => r.id);
  const rows = ids.length === 0 ? [] : await withUserColumns(scopedUsers(db, principal).where('u.id', 'in', ids), facts).orderBy('u.email').execute();
  const methods = await secondFactorMethods(db, ids);
  return {
    total: Number(count),
    users: rows.map((r) => toAdminUser(r, methods)),
  };
}

/** One user, only if in scope (else undefined: out of scope reads as unknown). */
export async function findAdminUser(db: Kysely<Database>, config: TenantConfig, principal: AdminPrincipal, id: string): Promise<AdminUserRow | undefined> {
  const facts = userFacts(config);
  const r = await withUserColumns(scopedUsers(db, principal).where('u.id', '=', id), facts).executeTakeFirst();
  if (!r) return undefined;
  const methods = await secondFactorMethods(db, [r.id]);
  return toAdminUser(r, methods);
}

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
  ]);
}

type UserColumns = Awaited<ReturnType<ReturnType<typeof withUserColumns>['executeTakeFirstOrThrow']>>;

function toAdminUser(r: UserColumns, methods: ReadonlyMap<string, TwoFactorMethod[]>): AdminUserRow {
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
    secondFactorMethods: methods.get(r.id) ?? [],
    stage: r.stage,
  };
}

function latest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/** Enrolled second-factor methods for a page of users: three indexed queries, not one per user. */
async function secondFactorMethods(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, TwoFactorMethod[]>> {
  const out = new Map<string, TwoFactorMethod[]>();
  if (ids.length === 0) return out;
  const add = (id: string, m: TwoFactorMethod) => out.set(id, [...(out.get(id) ?? []), m]);
  const [totp, webauthn, backup] = await Promise.all([
    db.selectFrom('two_factor_totp').select('user_id').where('user_id', 'in', ids).where('confirmed', '=', 1).execute(),
    db.selectFrom('two_factor_webauthn').select('user_id').distinct().where('user_id', 'in', ids).execute(),
    db.selectFrom('two_factor_backup_codes').select('user_id').distinct().where('user_id', 'in', ids).where('used_at', 'is', null).execute(),
  ]);
  for (const r of totp) add(r.user_id, 'totp');
  for (const r of webauthn) add(r.user_id, 'webauthn');
  for (const r of backup) add(r.user_id, 'backup_codes');
  return out;
}
