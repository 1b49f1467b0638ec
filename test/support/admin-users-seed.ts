import type { Backend } from '../../main/backend/http/create-backend';

export const ADMIN_SEED_NODES = ['Engineering', 'Platform', 'Sales', 'Support'] as const;

/**
 * `count` people (numbered from `from`) over four nodes as a rollout leaves them: a tenth
 * invited (never signed in), the rest with a device, two thirds of those with a vault, half of
 * those onboarded, some with an authenticator app (and backup codes) or a security key, and one
 * in seven with a SCIM userName that is not their email. Emails are `person<i>@acme.test`.
 */
export async function seedAdminUsers(backend: Backend, o: { from: number; count: number }): Promise<void> {
  const db = backend.store.kysely;
  const now = new Date().toISOString();
  const end = o.from + o.count;
  for (let start = o.from; start < end; start += 500) {
    await db.transaction().execute(async (tx) => {
      const ids = Array.from({ length: Math.min(500, end - start) }, (_, k) => start + k);
      await tx
        .insertInto('users')
        .values(
          ids.map((i) => ({
            id: `u${i}`,
            email: `person${i}@acme.test`,
            node: ADMIN_SEED_NODES[i % ADMIN_SEED_NODES.length] as string,
            role: 'Employee',
            status: i % 10 === 0 ? ('invited' as const) : ('active' as const),
            connection_id: null,
            created_at: now,
            updated_at: now,
            user_name: i % 7 === 0 ? `P.Name${i}` : `person${i}@acme.test`,
            last_sign_in_at: i % 10 === 0 ? null : now,
          })),
        )
        .execute();
      const signedIn = ids.filter((i) => i % 10 !== 0);
      await tx.insertInto('devices').values(signedIn.map((i) => ({ id: `d${i}`, user_id: `u${i}`, name: 'Laptop', platform: 'linux', created_at: now, last_seen_at: now }))).execute();
      const withVault = signedIn.filter((i) => i % 3 !== 0);
      if (withVault.length > 0) await tx.insertInto('vault').values(withVault.map((i) => ({ user_id: `u${i}`, revision: 1, created_at: now }))).execute();
      const onboarded = withVault.filter((i) => i % 2 === 0);
      if (onboarded.length > 0) await tx.insertInto('onboarding_progress').values(onboarded.map((i) => ({ user_id: `u${i}`, step: 'done', status: 'done' as const, updated_at: now }))).execute();
      const totp = onboarded.filter((i) => i % 4 === 0);
      if (totp.length > 0) await tx.insertInto('two_factor_totp').values(totp.map((i) => ({ user_id: `u${i}`, secret_ciphertext: 'x', confirmed: 1, last_used_step: null, created_at: now }))).execute();
      if (totp.length > 0) await tx.insertInto('two_factor_backup_codes').values(totp.flatMap((i) => [{ user_id: `u${i}`, code_hash: `h${i}a`, used_at: null }, { user_id: `u${i}`, code_hash: `h${i}b`, used_at: now }])).execute();
      const keys = onboarded.filter((i) => i % 4 === 2);
      if (keys.length > 0) await tx.insertInto('two_factor_webauthn').values(keys.map((i) => ({ id: `k${i}`, user_id: `u${i}`, public_key: 'x', counter: 0, transports: null, created_at: now }))).execute();
    });
  }
}
