import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isErrorCode } from '../../../main/errors/app-error';
import { postgresTarget, sqliteTarget } from '../../support/store-targets';
import { scimBackendFor } from '../scim/scim-support';

/**
 * Property tests over the first two sign-in calls (CONTRACT.md: `GET /v1/sso/lookup`,
 * `POST /v1/sso/start`), as a fuzzing client sends them: whatever the input, the answer is the
 * documented success or a 4xx `{error, message}` with a documented code — never a 5xx — and a
 * refused start leaves no login transaction behind. Runs are kept modest.
 */
const RUNS = 60;

const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('', 'a@acme.test', 'A@ACME.TEST', 'acme.test', 'a@other.test', 'a\u0000@acme.test', 'zoë@acme.test', '@', 'a@', '@acme.test', 'a@@acme.test', 'x'.repeat(400)),
);
const redirect = fc.oneof(text, fc.constantFrom('http://127.0.0.1:47000/cb', 'http://localhost:1/cb', 'https://evil.test/cb', 'http://127.0.0.1:0/cb', 'http://[::1]:5000/cb', 'javascript:alert(1)'));
const startBody = fc.oneof(
  fc.record({ email: text, redirectUri: redirect, connectionId: fc.oneof(text, fc.constant('okta')), device: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 2 }),
);

function expectRefusal(res: { status: number; body: any }): void {
  expect(res.status, JSON.stringify(res.body)).toBeGreaterThanOrEqual(400);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(500);
  expect(res.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
  expect(isErrorCode(res.body.error), res.body.error).toBe(true);
}

describe.each([sqliteTarget(), postgresTarget()])('sign-in under fuzzed input on $name', (target) => {
  const env = scimBackendFor(target);
  const transactions = async () => (await env.b.backend.store.kysely.selectFrom('login_transactions').select('id').execute()).length;

  it('looks up a connection or refuses with a documented code', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('email', 'domain', 'connection', 'Email'), text, async (key, value) => {
        const res = await env.b.api('GET', `/v1/sso/lookup?${key}=${encodeURIComponent(value)}`);
        if (res.status === 200) expect(res.body).toEqual({ connectionId: 'okta', type: 'saml', node: 'Acme Corp' });
        else expectRefusal(res);
      }),
      { numRuns: RUNS },
    );
  });

  it('starts a sign-in or refuses with a documented code, leaving no transaction behind', async () => {
    await fc.assert(
      fc.asyncProperty(startBody, async (body) => {
        const before = await transactions();
        const res = await env.b.api('POST', '/v1/sso/start', { body });
        if (res.status === 200) {
          expect(Object.keys(res.body).sort()).toEqual(['authorizationUrl', 'transactionId']);
          expect(new URL(res.body.authorizationUrl).searchParams.get('SAMLRequest')).toEqual(expect.any(String));
        } else {
          expectRefusal(res);
          expect(await transactions()).toBe(before);
        }
      }),
      { numRuns: RUNS },
    );
  });
});
