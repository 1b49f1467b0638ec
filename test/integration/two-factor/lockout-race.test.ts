import { describe, expect, it } from 'vitest';
import { useBackendsOnBothStores } from '../../support/backends-on-both-stores';
import { enrolTotp, signedIn } from '../../support/oidc-session';
import { DEMO_USERS, oidcTenantYaml, startIdp } from '../../support/oidc-tenant';
import type { TestBackend } from '../../support/test-backend';

/**
 * The lockout allows five wrong codes per 15 minutes. A hundred wrong guesses sent at once —
 * over two backend instances sharing the database — must get at most five checked; the rest are
 * refused with too_many_attempts before any code is compared. The request limits are raised
 * far above 100 so that only the lockout stands in the way.
 */
const alice = { email: DEMO_USERS[0].email, password: DEMO_USERS[0].password };
const GUESSES = 100;
const yaml = (issuer: string) =>
  `${oidcTenantYaml(issuer)}rateLimits:\n  signIn: { perIp: 100000 }\n  twoFactor: { perIp: 100000, perAccount: 100000 }\n`;

async function race(backends: readonly TestBackend[]): Promise<Record<string, number>> {
  const [first] = backends;
  if (!first) throw new Error('no backend');
  const enrolling = await signedIn(first, alice);
  await enrolTotp(first, enrolling.session);
  const attacker = await signedIn(first, alice);
  const answers = await Promise.all(
    Array.from({ length: GUESSES }, (_, i) => {
      const b = backends[i % backends.length] ?? first;
      // Six digits that are never a valid code here: the real code was just used at enrolment.
      const code = String(100000 + i);
      return b.api('POST', '/v1/two-factor/verify', { token: attacker.session, body: { method: 'totp', code } });
    }),
  );
  const tally: Record<string, number> = {};
  for (const a of answers) tally[`${a.status} ${a.body?.error}`] = (tally[`${a.status} ${a.body?.error}`] ?? 0) + 1;
  return tally;
}

function expectAtMostFiveChecked(tally: Record<string, number>): void {
  const checked = tally['401 invalid_two_factor_code'] ?? 0;
  expect(checked, JSON.stringify(tally)).toBeGreaterThan(0);
  expect(checked, JSON.stringify(tally)).toBeLessThanOrEqual(5);
  expect(checked + (tally['429 too_many_attempts'] ?? 0), JSON.stringify(tally)).toBe(GUESSES);
}

describe('two-factor lockout under concurrent guesses', () => {
  const stores = useBackendsOnBothStores({ startIdp, yaml });

  it('SQLite: 100 parallel wrong codes, at most 5 checked', async () => {
    await stores.withBackends('sqlite', 1, async (backends) => expectAtMostFiveChecked(await race(backends)));
  }, 120_000);

  it('PostgreSQL, two instances: 100 parallel wrong codes, at most 5 checked', async () => {
    await stores.withBackends('postgres', 2, async (backends) => expectAtMostFiveChecked(await race(backends)));
  }, 120_000);
});
