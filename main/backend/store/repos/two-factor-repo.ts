import type { Kysely } from 'kysely';
import type { Database, TwoFactorChallengesTable } from '../database-schema';
import type { ChallengeRecord, StoreDialect, StoredTotp, StoredWebAuthnCredential, TwoFactorRepo } from '../store';
import { createAuthenticatorRepo } from './authenticator-repo';
import { createWindowCounter } from '../window-counter';

/**
 * Storage of the two-factor services. PostgreSQL may return bigint columns as strings, hence
 * the Number() on reads.
 */
/** `dialect` picks the row locks of an authenticator removal (authenticator-repo.ts). */
export function createTwoFactorRepo(db: Kysely<Database>, dialect: StoreDialect): TwoFactorRepo {
  const iso = (d: Date) => d.toISOString();
  const attempts = createWindowCounter(db);
  const attemptKey = (userId: string) => `two_factor:${userId}`;

  return {
    ...createAuthenticatorRepo(db, dialect),

    async getTotp(userId) {
      const row = await db
        .selectFrom('two_factor_totp')
        .select(['secret_ciphertext', 'last_used_step'])
        .where('user_id', '=', userId)
        .where('confirmed', '=', 1)
        .executeTakeFirst();
      if (row === undefined) return undefined;
      const stored: StoredTotp = {
        secretCiphertext: row.secret_ciphertext,
        lastUsedStep: row.last_used_step === null ? null : Number(row.last_used_step),
      };
      return stored;
    },

    async saveConfirmedTotp(userId, secretCiphertext, usedStep, now) {
      await db
        .insertInto('two_factor_totp')
        .values({ user_id: userId, secret_ciphertext: secretCiphertext, confirmed: 1, last_used_step: usedStep, created_at: iso(now) })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({ secret_ciphertext: secretCiphertext, confirmed: 1, last_used_step: usedStep, created_at: iso(now) }),
        )
        .execute();
    },

    async useTotpStep(userId, step) {
      const result = await db
        .updateTable('two_factor_totp')
        .set({ last_used_step: step })
        .where('user_id', '=', userId)
        .where('confirmed', '=', 1)
        .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },

    async putChallenge(c, now) {
      const values = {
        user_id: c.userId,
        purpose: c.purpose,
        challenge: c.challenge,
        rp_id: c.rpId,
        origin: c.origin,
        payload: c.payload,
        created_at: iso(now),
        expires_at: iso(c.expiresAt),
      };
      await db
        .insertInto('two_factor_challenges')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['user_id', 'purpose']).doUpdateSet({
            challenge: values.challenge,
            rp_id: values.rp_id,
            origin: values.origin,
            payload: values.payload,
            created_at: values.created_at,
            expires_at: values.expires_at,
          }),
        )
        .execute();
    },

    async findChallenge(userId, purpose) {
      const row = await db
        .selectFrom('two_factor_challenges')
        .selectAll()
        .where('user_id', '=', userId)
        .where('purpose', '=', purpose)
        .executeTakeFirst();
      return row === undefined ? undefined : toChallenge(row);
    },

    async takeChallenge(userId, purpose, challenge) {
      const row = await db
        .deleteFrom('two_factor_challenges')
        .where('user_id', '=', userId)
        .where('purpose', '=', purpose)
        .where('challenge', '=', challenge)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : toChallenge(row);
    },

    async listWebAuthnCredentials(userId) {
      const rows = await db.selectFrom('two_factor_webauthn').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
      return rows.map(
        (r): StoredWebAuthnCredential => ({
          id: r.id,
          userId: r.user_id,
          publicKey: r.public_key,
          counter: Number(r.counter),
          transports: r.transports === null ? [] : (JSON.parse(r.transports) as string[]),
        }),
      );
    },

    async addWebAuthnCredential(c, now) {
      await db
        .insertInto('two_factor_webauthn')
        .values({
          id: c.id,
          user_id: c.userId,
          public_key: c.publicKey,
          counter: c.counter,
          transports: JSON.stringify(c.transports),
          created_at: iso(now),
        })
        .execute();
    },

    async updateWebAuthnCounter(userId, credentialId, expected, next) {
      const result = await db
        .updateTable('two_factor_webauthn')
        .set({ counter: next })
        .where('id', '=', credentialId)
        .where('user_id', '=', userId)
        .where('counter', '=', expected)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },

    async replaceBackupCodes(userId, codeHashes, _now) {
      // Joins the caller's transaction when the repository was built on one.
      const inTransaction = <T>(fn: (tx: Kysely<Database>) => Promise<T>) => (db.isTransaction ? fn(db) : db.transaction().execute(fn));
      await inTransaction(async (trx) => {
        await trx.deleteFrom('two_factor_backup_codes').where('user_id', '=', userId).execute();
        if (codeHashes.length === 0) return;
        await trx
          .insertInto('two_factor_backup_codes')
          .values(codeHashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null })))
          .execute();
      });
    },

    async useBackupCode(userId, codeHash, now) {
      const result = await db
        .updateTable('two_factor_backup_codes')
        .set({ used_at: iso(now) })
        .where('user_id', '=', userId)
        .where('code_hash', '=', codeHash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },

    async remainingBackupCodes(userId) {
      const row = await db
        .selectFrom('two_factor_backup_codes')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async rememberDevice(userId, deviceId, secretHash, until) {
      await db
        .insertInto('two_factor_remembered_devices')
        .values({ user_id: userId, device_id: deviceId, until: iso(until), secret_hash: secretHash })
        .onConflict((oc) => oc.columns(['user_id', 'device_id']).doUpdateSet({ until: iso(until), secret_hash: secretHash }))
        .execute();
    },

    async rememberedDevice(userId, deviceId) {
      const row = await db
        .selectFrom('two_factor_remembered_devices')
        .select(['until', 'secret_hash'])
        .where('user_id', '=', userId)
        .where('device_id', '=', deviceId)
        .executeTakeFirst();
      return row === undefined ? undefined : { secretHash: row.secret_hash, until: new Date(row.until) };
    },

    async reserveAttempt(userId, windowMs, now) {
      return (await attempts.hit(attemptKey(userId), windowMs, now)).hits;
    },

    async releaseAttempt(userId) {
      await attempts.release(attemptKey(userId));
    },

    async clearAttempts(userId) {
      await attempts.reset(attemptKey(userId));
    },
  };
}

function toChallenge(row: TwoFactorChallengesTable): ChallengeRecord {
  return {
    userId: row.user_id,
    purpose: row.purpose,
    challenge: row.challenge,
    rpId: row.rp_id,
    origin: row.origin,
    payload: row.payload,
    expiresAt: new Date(row.expires_at),
  };
}
