import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, DevicesTable, SessionsTable, UsersTable } from '../database-schema';
import type { DeviceRow, DevicesRepo, SessionRow, SessionsRepo, UserRow, UsersRepo } from '../store';

export const toUser = (r: Selectable<UsersTable>): UserRow => ({
  id: r.id,
  email: r.email,
  node: r.node,
  role: r.role,
  status: r.status,
  connectionId: r.connection_id,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  userName: r.user_name ?? r.email,
  externalId: r.external_id,
  scimAttributes: r.scim_json === null ? {} : (JSON.parse(r.scim_json) as Record<string, unknown>),
  assignedNode: r.assigned_node,
  assignedRole: r.assigned_role,
  lastSignInAt: r.last_sign_in_at === null ? null : new Date(r.last_sign_in_at),
});

const toDevice = (r: Selectable<DevicesTable>): DeviceRow => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  platform: r.platform,
  createdAt: new Date(r.created_at),
  lastSeenAt: new Date(r.last_seen_at),
});

const toSession = (r: Selectable<SessionsTable>): SessionRow => ({
  tokenHash: r.token_hash,
  userId: r.user_id,
  deviceId: r.device_id,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  secondFactorVerifiedAt: r.second_factor_verified_at === null ? null : new Date(r.second_factor_verified_at),
});

export function createUsersRepo(db: Kysely<Database>): UsersRepo {
  const findByEmail = async (email: string) => {
    const r = await db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    return r && toUser(r);
  };
  const findForSignIn = async (email: string) => {
    const lower = email.toLowerCase();
    const r = await db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb.or([eb('email', '=', lower), eb(sql<string>`lower(user_name)`, '=', lower)]))
      // The email match wins over another user's userName.
      .orderBy(sql`case when email = ${lower} then 0 else 1 end`)
      .executeTakeFirst();
    return r && toUser(r);
  };
  return {
    async insertIfAbsent(u) {
      const now = u.now.toISOString();
      // ON CONFLICT DO NOTHING + re-select: two first sign-ins racing end with one user on
      // both dialects (the unique email or userName decides), without a retry loop.
      const email = u.email.toLowerCase();
      const inserted = await db
        .insertInto('users')
        .values({
          ...{ id: u.id, email, node: u.node, role: u.role, status: 'active', connection_id: u.connectionId, created_at: now, updated_at: now },
          ...{ user_name: email, external_id: null, scim_json: null, assigned_node: u.node, assigned_role: null, last_sign_in_at: now },
        })
        .onConflict((oc) => oc.doNothing())
        .returningAll()
        .executeTakeFirst();
      if (inserted) return { user: toUser(inserted), created: true };
      const existing = await findForSignIn(u.email);
      if (!existing) throw new Error('user vanished after insert conflict');
      return { user: existing, created: false };
    },
    async findById(id) {
      const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toUser(r);
    },
    findByEmail,
    findForSignIn,
    async list(o) {
      let q = db.selectFrom('users');
      if (o.email !== undefined) q = q.where('email', '=', o.email.toLowerCase());
      const count = await q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
      const rows = await q.selectAll().orderBy('created_at').orderBy('id').offset(o.offset).limit(o.limit).execute();
      return { total: Number(count.n), users: rows.map(toUser) };
    },
    async setStatus(id, status, now) {
      const r = await db.updateTable('users').set({ status, updated_at: now.toISOString() }).where('id', '=', id).returningAll().executeTakeFirst();
      return r && toUser(r);
    },
  };
}

export function createDevicesRepo(db: Kysely<Database>): DevicesRepo {
  return {
    async upsert(d) {
      const now = d.now.toISOString();
      // One statement: a new id is inserted; a known one is refreshed only when the same user
      // owns it (a device id is the client's claim), else no row comes back.
      const r = await db
        .insertInto('devices')
        .values({ id: d.id, user_id: d.userId, name: d.name, platform: d.platform, created_at: now, last_seen_at: now })
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({ last_seen_at: now, name: d.name, platform: d.platform })
            .where('devices.user_id', '=', d.userId),
        )
        .returningAll()
        .executeTakeFirst();
      return r && toDevice(r);
    },
    async findById(id) {
      const r = await db.selectFrom('devices').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toDevice(r);
    },
  };
}

export function createSessionsRepo(db: Kysely<Database>): SessionsRepo {
  return {
    async create(s) {
      await db
        .insertInto('sessions')
        .values({ token_hash: s.tokenHash, user_id: s.userId, device_id: s.deviceId, created_at: s.now.toISOString(), expires_at: s.expiresAt.toISOString(), second_factor_verified_at: null })
        .execute();
    },
    async findValid(tokenHash, now) {
      const r = await db
        .selectFrom('sessions')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .where('expires_at', '>', now.toISOString())
        .executeTakeFirst();
      return r && toSession(r);
    },
    async markSecondFactorVerified(tokenHash, now) {
      await db.updateTable('sessions').set({ second_factor_verified_at: now.toISOString() }).where('token_hash', '=', tokenHash).execute();
    },
    async delete(tokenHash) {
      await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
    },
    async deleteForUser(userId) {
      await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
    },
  };
}
