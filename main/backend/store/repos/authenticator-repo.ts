import type { Kysely } from 'kysely';
import type { Database } from '../database-schema';
import type { AuthenticatorMinimum, AuthenticatorRef, StoreDialect, StoredAuthenticator, TwoFactorRepo } from '../store';

/**
 * Listing and removing a person's authenticators (Settings → My security). The removal's
 * minimum check and delete share one transaction; on PostgreSQL it first locks every
 * authenticator row of the user (always in the same order, TOTP then keys), so a second removal
 * waits and then counts what the first one left. SQLite transactions are already serial
 * (immediate-sqlite-dialect.ts).
 */
export function createAuthenticatorRepo(
  db: Kysely<Database>,
  dialect: StoreDialect,
): Pick<TwoFactorRepo, 'listAuthenticators' | 'removeAuthenticator'> {
  const read = (tx: Kysely<Database>, userId: string) => {
    const totp = tx.selectFrom('two_factor_totp').select(['user_id', 'created_at']).where('user_id', '=', userId).where('confirmed', '=', 1);
    const keys = tx.selectFrom('two_factor_webauthn').select(['id', 'created_at']).where('user_id', '=', userId).orderBy('created_at').orderBy('id');
    return Promise.all(dialect === 'postgres' ? [totp.forUpdate().execute(), keys.forUpdate().execute()] : [totp.execute(), keys.execute()]);
  };
  const toList = ([totp, keys]: Awaited<ReturnType<typeof read>>): StoredAuthenticator[] => [
    ...totp.map((t) => ({ kind: 'totp' as const, id: 'totp', addedAt: new Date(t.created_at) })),
    ...keys.map((k) => ({ kind: 'webauthn' as const, id: k.id, addedAt: new Date(k.created_at) })),
  ];

  return {
    async listAuthenticators(userId) {
      return toList(await read(db, userId));
    },

    async removeAuthenticator(userId: string, target: AuthenticatorRef, keep: AuthenticatorMinimum) {
      const inTransaction = <T>(fn: (tx: Kysely<Database>) => Promise<T>) => (db.isTransaction ? fn(db) : db.transaction().execute(fn));
      return inTransaction(async (tx) => {
        const now = toList(await read(tx, userId));
        const id = target.kind === 'totp' ? 'totp' : target.id;
        if (!now.some((a) => a.kind === target.kind && a.id === id)) return 'not_found' as const;
        // Only the kinds the role counts: removing one it does not allow never lowers the count.
        const counted = now.filter((a) => keep.of.includes(a.kind));
        if (keep.of.includes(target.kind) && counted.length - 1 < keep.count) return 'too_few_left' as const;
        if (target.kind === 'totp') await tx.deleteFrom('two_factor_totp').where('user_id', '=', userId).execute();
        else await tx.deleteFrom('two_factor_webauthn').where('user_id', '=', userId).where('id', '=', target.id).execute();
        return 'removed' as const;
      });
    },
  };
}
