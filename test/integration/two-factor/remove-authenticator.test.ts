import { describe, expect, it } from 'vitest';
import { useBackendsOnBothStores } from '../../support/backends-on-both-stores';
import { enrolTotp, signedIn } from '../../support/oidc-session';
import { DEMO_USERS, oidcTenantYaml, startIdp } from '../../support/oidc-tenant';
import type { TestBackend } from '../../support/test-backend';
import { PACKAGED_APP } from './service-fixture';
import { SoftwareAuthenticator } from './software-authenticator';

/**
 * Settings → My security removes an authenticator app or a security key, never below what the
 * role requires: the Engineer role requires a second factor, so one authenticator always stays
 * (two_factor_minimum), also when both are removed at the same moment through two backends.
 */
const alice = { email: DEMO_USERS[0].email, password: DEMO_USERS[0].password };
const yaml = (issuer: string) =>
  oidcTenantYaml(issuer).replace('twoFactorMethods: [totp]', 'twoFactorMethods: [totp, webauthn, backup_codes]') +
  'rateLimits:\n  twoFactor: { perIp: 100000, perAccount: 100000 }\n';

async function twoAuthenticators(b: TestBackend): Promise<{ session: string; keyId: string }> {
  const { session } = await signedIn(b, alice);
  await enrolTotp(b, session);
  const key = new SoftwareAuthenticator(PACKAGED_APP.origin);
  const options = await b.api('POST', '/v1/two-factor/webauthn/register/options', { token: session, body: {} });
  const verified = await b.api('POST', '/v1/two-factor/webauthn/register/verify', { token: session, body: { response: key.register(options.body.options) } });
  expect(verified.status, verified.text).toBe(200);
  return { session, keyId: key.id };
}

async function raceRemovals(backends: readonly [TestBackend, TestBackend]): Promise<void> {
  const [a, b] = backends;
  const { session, keyId } = await twoAuthenticators(a);
  const listed = await a.api('GET', '/v1/two-factor', { token: session });
  expect(listed.body.authenticators.map((x: { kind: string }) => x.kind)).toEqual(['totp', 'webauthn']);

  const answers = await Promise.all([
    a.api('DELETE', '/v1/two-factor/totp', { token: session }),
    b.api('DELETE', `/v1/two-factor/webauthn/${keyId}`, { token: session }),
  ]);
  const outcomes = answers.map((r) => `${r.status} ${r.body?.error ?? 'ok'}`).sort();
  expect(outcomes).toEqual(['200 ok', '409 two_factor_minimum']);
  const after = await a.api('GET', '/v1/two-factor', { token: session });
  expect(after.body.authenticators).toHaveLength(1);
}

describe('removing a second factor', () => {
  const stores = useBackendsOnBothStores({ startIdp, yaml });

  it('removes one of two, refuses the last one with 409 two_factor_minimum, and audits the removal', async () => {
    await stores.withBackends('sqlite', 1, async ([b]) => {
      const { session, keyId } = await twoAuthenticators(b);
      const removed = await b.api('DELETE', `/v1/two-factor/webauthn/${keyId}`, { token: session });
      expect(removed.status, removed.text).toBe(200);
      expect(removed.body.enrolled).toEqual(['totp']);
      const again = await b.api('DELETE', `/v1/two-factor/webauthn/${keyId}`, { token: session });
      expect(again.status).toBe(404);
      const last = await b.api('DELETE', '/v1/two-factor/totp', { token: session });
      expect(last.status).toBe(409);
      expect(last.body).toMatchObject({ error: 'two_factor_minimum' });
      expect((await b.api('GET', '/v1/two-factor', { token: session })).body.enrolled).toEqual(['totp']);

      const stored = await b.backend.store.kysely.selectFrom('audit_events').select(['type', 'details_json']).where('type', '=', 'two_factor.removed').execute();
      expect(stored).toHaveLength(1);
      expect(String(stored[0]?.details_json)).toContain('webauthn');
    });
  }, 120_000);

  it('a session that has not proved its second factor removes nothing (two_factor_required)', async () => {
    await stores.withBackends('sqlite', 1, async ([b]) => {
      await twoAuthenticators(b);
      const fresh = await signedIn(b, alice);
      const refused = await b.api('DELETE', '/v1/two-factor/totp', { token: fresh.session });
      expect(refused.status).toBe(401);
      expect(refused.body.error).toBe('two_factor_required');
    });
  }, 120_000);

  it('SQLite, two instances on one file: removing both at once leaves one', async () => {
    await stores.withBackends('sqlite', 2, raceRemovals);
  }, 120_000);

  it('PostgreSQL, two instances: removing both at once leaves one', async () => {
    await stores.withBackends('postgres', 2, raceRemovals);
  }, 120_000);
});
