import type { Kysely } from 'kysely';
import type { Database } from '../database-schema';
import type { TwoFactorRepo } from '../store';

/** Storage for the two-factor engineer's services (main/backend/two-factor/). */
export function createTwoFactorRepo(db: Kysely<Database>): TwoFactorRepo {
  return {
    async getTotp(userId) {
      const r = await db.selectFrom('two_factor_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
      return r && { secretCiphertext: r.secret_ciphertext, confirmed: Number(r.confirmed) === 1, lastUsedStep: r.last_used_step === null ? null : Number(r.last_used_step) };
    },
    async putTotp(userId, secretCiphertext, now) {
      await db
        .insertInto('two_factor_totp')
        .values({ user_id: userId, secret_ciphertext: secretCiphertext, confirmed: 0, last_used_step: null, created_at: now.toISOString() })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret_ciphertext: secretCiphertext, confirmed: 0, last_used_step: null, created_at: now.toISOString() }))
        .execute();
    },
    async confirmTotp(userId) {
      await db.updateTable('two_factor_totp').set({ confirmed: 1 }).where('user_id', '=', userId).execute();
    },
    async useTotpStep(userId, step) {
      const r = await db
        .updateTable('two_factor_totp')
        .set({ last_used_step: step })
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async deleteTotp(userId) {
      await db.deleteFrom('two_factor_totp').where('user_id', '=', userId).execute();
    },
    async listWebauthn(userId) {
      const rows = await db.selectFrom('two_factor_webauthn').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
      return rows.map((r) => ({ id: r.id, userId: r.user_id, publicKey: r.public_key, counter: Number(r.counter), transports: r.transports === null ? [] : (JSON.parse(r.transports) as string[]) }));
    },
    async findWebauthn(id) {
      const r = await db.selectFrom('two_factor_webauthn').selectAll().where('id', '=', id).executeTakeFirst();
      return r && { id: r.id, userId: r.user_id, publicKey: r.public_key, counter: Number(r.counter), transports: r.transports === null ? [] : (JSON.parse(r.transports) as string[]) };
    },
    async addWebauthn(c) {
      await db
        .insertInto('two_factor_webauthn')
        .values({ id: c.id, user_id: c.userId, public_key: c.publicKey, counter: c.counter, transports: JSON.stringify(c.transports), created_at: c.now.toISOString() })
        .execute();
    },
    async updateWebauthnCounter(id, counter) {
      const r = await db.updateTable('two_factor_webauthn').set({ counter }).where('id', '=', id).where('counter', '<=', counter).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async replaceBackupCodes(userId, codeHashes) {
      await db.deleteFrom('two_factor_backup_codes').where('user_id', '=', userId).execute();
      if (codeHashes.length > 0) {
        await db.insertInto('two_factor_backup_codes').values(codeHashes.map((h) => ({ user_id: userId, code_hash: h, used_at: null }))).execute();
      }
    },
    async useBackupCode(userId, codeHash, now) {
      const r = await db
        .updateTable('two_factor_backup_codes')
        .set({ used_at: now.toISOString() })
        .where('user_id', '=', userId)
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async remainingBackupCodes(userId) {
      const r = await db
        .selectFrom('two_factor_backup_codes')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async rememberDevice(userId, deviceId, until) {
      await db
        .insertInto('two_factor_remembered_devices')
        .values({ user_id: userId, device_id: deviceId, until: until.toISOString() })
        .onConflict((oc) => oc.columns(['user_id', 'device_id']).doUpdateSet({ until: until.toISOString() }))
        .execute();
    },
    async isDeviceRemembered(userId, deviceId, now) {
      const r = await db
        .selectFrom('two_factor_remembered_devices')
        .select('until')
        .where('user_id', '=', userId)
        .where('device_id', '=', deviceId)
        .where('until', '>', now.toISOString())
        .executeTakeFirst();
      return r !== undefined;
    },
  };
}
