import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, ScimGroupsTable } from '../database-schema';
import type { UserRow, UserStatus } from '../store';
import { toUser } from './identity-repos';

export interface ScimGroupRow {
  readonly id: string;
  readonly displayName: string;
  readonly externalId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Conditions that must all hold; each is one indexed equality. */
export interface UserQuery {
  readonly id?: string | undefined;
  /** Compared case-insensitively. */
  readonly userName?: string | undefined;
  readonly externalId?: string | undefined;
  /** The sign-in email (lower-cased). */
  readonly email?: string | undefined;
  readonly active?: boolean | undefined;
}

export interface GroupQuery {
  readonly id?: string | undefined;
  /** Compared case-insensitively. */
  readonly displayName?: string | undefined;
  readonly externalId?: string | undefined;
  readonly memberId?: string | undefined;
}

export interface ScimUserFields {
  readonly email: string;
  readonly userName: string;
  readonly externalId: string | null;
  readonly scimAttributes: Readonly<Record<string, unknown>>;
  readonly assignedNode: string;
  readonly assignedRole: string | null;
  readonly node: string;
  readonly role: string;
  readonly status: UserStatus;
  readonly connectionId: string | null;
}

export interface ScimRepo {
  listUsers(q: UserQuery, page: { offset: number; limit: number }): Promise<{ total: number; users: UserRow[] }>;
  findUserByUserName(userName: string): Promise<UserRow | undefined>;
  insertUser(id: string, f: ScimUserFields, now: Date): Promise<UserRow>;
  updateUser(id: string, f: ScimUserFields, now: Date): Promise<UserRow | undefined>;
  deleteUser(id: string): Promise<boolean>;
  setPlacement(id: string, placement: { node: string; role: string }, now: Date): Promise<void>;
  /** The first SSO sign-in of an invited user makes them active; every sign-in is stamped. */
  markSignedIn(id: string, now: Date): Promise<void>;
  existingUserIds(ids: readonly string[]): Promise<Set<string>>;

  listGroups(q: GroupQuery, page: { offset: number; limit: number }): Promise<{ total: number; groups: ScimGroupRow[] }>;
  findGroup(id: string): Promise<ScimGroupRow | undefined>;
  insertGroup(g: { id: string; displayName: string; externalId: string | null }, now: Date): Promise<ScimGroupRow>;
  updateGroup(id: string, g: { displayName: string; externalId: string | null }, now: Date): Promise<void>;
  deleteGroup(id: string): Promise<boolean>;
  /** Members with their userName (for `members[].display`), per group. */
  membersOf(groupIds: readonly string[]): Promise<Map<string, { id: string; userName: string }[]>>;
  addMembers(groupId: string, userIds: readonly string[]): Promise<void>;
  removeMembers(groupId: string, userIds: readonly string[]): Promise<void>;
  groupsOf(userIds: readonly string[]): Promise<Map<string, ScimGroupRow[]>>;

  /** Ends everything that lets the user in without a new SSO sign-in: sessions, remembered second factors, open device approvals. */
  revokeAccess(userId: string, now: Date): Promise<{ sessions: number }>;
}

const toGroup = (r: Selectable<ScimGroupsTable>): ScimGroupRow => ({
  id: r.id,
  displayName: r.display_name,
  externalId: r.external_id,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

// SQLite and PostgreSQL both cap bound parameters per statement; chunk IN lists well below.
const CHUNK = 500;
function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) out.push(list.slice(i, i + CHUNK));
  return out;
}

function userColumns(f: ScimUserFields) {
  return {
    email: f.email.toLowerCase(),
    user_name: f.userName,
    external_id: f.externalId,
    scim_json: Object.keys(f.scimAttributes).length === 0 ? null : JSON.stringify(f.scimAttributes),
    assigned_node: f.assignedNode,
    assigned_role: f.assignedRole,
    node: f.node,
    role: f.role,
    status: f.status,
    connection_id: f.connectionId,
  };
}

export function createScimRepo(db: Kysely<Database>): ScimRepo {
  const userQuery = (q: UserQuery) => {
    let s = db.selectFrom('users');
    if (q.id !== undefined) s = s.where('id', '=', q.id);
    if (q.userName !== undefined) s = s.where(sql<string>`lower(user_name)`, '=', q.userName.toLowerCase());
    if (q.externalId !== undefined) s = s.where('external_id', '=', q.externalId);
    if (q.email !== undefined) s = s.where('email', '=', q.email.toLowerCase());
    if (q.active !== undefined) s = q.active ? s.where('status', '!=', 'deactivated') : s.where('status', '=', 'deactivated');
    return s;
  };
  const groupQuery = (q: GroupQuery) => {
    let s = db.selectFrom('scim_groups');
    if (q.id !== undefined) s = s.where('id', '=', q.id);
    if (q.displayName !== undefined) s = s.where(sql<string>`lower(display_name)`, '=', q.displayName.toLowerCase());
    if (q.externalId !== undefined) s = s.where('external_id', '=', q.externalId);
    if (q.memberId !== undefined) {
      const member = q.memberId;
      s = s.where((eb) =>
        eb.exists(eb.selectFrom('scim_group_members as m').select('m.user_id').whereRef('m.group_id', '=', 'scim_groups.id').where('m.user_id', '=', member)),
      );
    }
    return s;
  };

  return {
    async listUsers(q, page) {
      const count = async () => Number((await userQuery(q).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
      if (page.limit === 0) return { total: await count(), users: [] };
      // One round trip on the common path: the total rides along as a window count.
      const rows = await userQuery(q).selectAll().select(sql<number | string>`count(*) over ()`.as('total_count')).orderBy('created_at').orderBy('id').offset(page.offset).limit(page.limit).execute();
      const total = rows[0] !== undefined ? Number(rows[0].total_count) : page.offset === 0 ? 0 : await count();
      return { total, users: rows.map(toUser) };
    },
    async findUserByUserName(userName) {
      const r = await userQuery({ userName }).selectAll().executeTakeFirst();
      return r && toUser(r);
    },
    async insertUser(id, f, now) {
      const at = now.toISOString();
      const r = await db
        .insertInto('users')
        .values({ id, ...userColumns(f), created_at: at, updated_at: at, last_sign_in_at: null })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toUser(r);
    },
    async updateUser(id, f, now) {
      const r = await db
        .updateTable('users')
        .set({ ...userColumns(f), updated_at: now.toISOString() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return r && toUser(r);
    },
    async deleteUser(id) {
      const r = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async setPlacement(id, p, now) {
      await db.updateTable('users').set({ node: p.node, role: p.role, updated_at: now.toISOString() }).where('id', '=', id).execute();
    },
    async markSignedIn(id, now) {
      const at = now.toISOString();
      await db
        .updateTable('users')
        .set({ last_sign_in_at: at, status: sql<'active' | 'deactivated' | 'invited'>`case when status = 'invited' then 'active' else status end` })
        .where('id', '=', id)
        .execute();
    },
    async existingUserIds(ids) {
      const found = new Set<string>();
      for (const part of chunks(ids)) {
        const rows = await db.selectFrom('users').select('id').where('id', 'in', part).execute();
        for (const r of rows) found.add(r.id);
      }
      return found;
    },

    async listGroups(q, page) {
      const count = async () => Number((await groupQuery(q).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow()).n);
      if (page.limit === 0) return { total: await count(), groups: [] };
      const rows = await groupQuery(q).selectAll().select(sql<number | string>`count(*) over ()`.as('total_count')).orderBy('created_at').orderBy('id').offset(page.offset).limit(page.limit).execute();
      const total = rows[0] !== undefined ? Number(rows[0].total_count) : page.offset === 0 ? 0 : await count();
      return { total, groups: rows.map(toGroup) };
    },
    async findGroup(id) {
      const r = await db.selectFrom('scim_groups').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toGroup(r);
    },
    async insertGroup(g, now) {
      const at = now.toISOString();
      const r = await db
        .insertInto('scim_groups')
        .values({ id: g.id, display_name: g.displayName, external_id: g.externalId, created_at: at, updated_at: at })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toGroup(r);
    },
    async updateGroup(id, g, now) {
      await db.updateTable('scim_groups').set({ display_name: g.displayName, external_id: g.externalId, updated_at: now.toISOString() }).where('id', '=', id).execute();
    },
    async deleteGroup(id) {
      const r = await db.deleteFrom('scim_groups').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async membersOf(groupIds) {
      const out = new Map<string, { id: string; userName: string }[]>(groupIds.map((g) => [g, []]));
      for (const part of chunks(groupIds)) {
        const rows = await db
          .selectFrom('scim_group_members as m')
          .innerJoin('users as u', 'u.id', 'm.user_id')
          .select(['m.group_id', 'u.id', 'u.user_name', 'u.email'])
          .where('m.group_id', 'in', part)
          .orderBy('u.created_at')
          .orderBy('u.id')
          .execute();
        for (const r of rows) out.get(r.group_id)?.push({ id: r.id, userName: r.user_name ?? r.email });
      }
      return out;
    },
    async addMembers(groupId, userIds) {
      for (const part of chunks(userIds)) {
        await db
          .insertInto('scim_group_members')
          .values(part.map((u) => ({ group_id: groupId, user_id: u })))
          .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
          .execute();
      }
    },
    async removeMembers(groupId, userIds) {
      for (const part of chunks(userIds)) {
        await db.deleteFrom('scim_group_members').where('group_id', '=', groupId).where('user_id', 'in', part).execute();
      }
    },
    async groupsOf(userIds) {
      const out = new Map<string, ScimGroupRow[]>(userIds.map((u) => [u, []]));
      for (const part of chunks(userIds)) {
        const rows = await db
          .selectFrom('scim_group_members as m')
          .innerJoin('scim_groups as g', 'g.id', 'm.group_id')
          .select(['m.user_id', 'g.id', 'g.display_name', 'g.external_id', 'g.created_at', 'g.updated_at'])
          .where('m.user_id', 'in', part)
          .orderBy('g.created_at')
          .orderBy('g.id')
          .execute();
        for (const r of rows) out.get(r.user_id)?.push(toGroup(r));
      }
      return out;
    },

    async revokeAccess(userId, now) {
      const r = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
      await db.deleteFrom('two_factor_remembered_devices').where('user_id', '=', userId).execute();
      // A new device waiting for another device's approval must not be let in later.
      await db
        .updateTable('device_approval_requests')
        .set({ status: 'denied', deny_reason: 'denied', decided_at: now.toISOString(), approval: null })
        .where('user_id', '=', userId)
        .where('status', 'in', ['pending', 'approved'])
        .execute();
      return { sessions: Number(r.numDeletedRows) };
    },
  };
}
