import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoOidcIdp } from '../../../main/demo/oidc-idp';
import { totpCode } from '../../../main/vault/totp/totp';
import { enrolTotp, signedIn } from '../../support/oidc-session';
import { DEMO_USERS, oidcTenantYaml, startIdp } from '../../support/oidc-tenant';
import { ADMIN_TOKEN, startTestBackend } from '../../support/test-backend';

/**
 * TOTP seeds are sealed under the backend's secret key alone: a new admin token changes nothing,
 * and a restart with the same key (the demo's key file, or KEYHAVEN_SECRET_KEY) keeps every
 * authenticator app working, while another key opens nothing.
 */
const alice = { email: DEMO_USERS[0].email, password: DEMO_USERS[0].password };

describe('the two-factor sealing key', () => {
  let idp: DemoOidcIdp;
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-sealing-'));
  beforeAll(async () => {
    idp = await startIdp();
  });
  afterAll(async () => {
    await idp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('survives a restart with a rotated admin token; another key opens nothing', async () => {
    const db = path.join(dir, 'backend.sqlite');
    const secretKey = randomBytes(32);
    const first = await startTestBackend({ yaml: oidcTenantYaml(idp.issuer), db, secretKey });
    const secret = await enrolTotp(first, (await signedIn(first, alice)).session);
    await first.close();

    const rotated = oidcTenantYaml(idp.issuer).replace(ADMIN_TOKEN, 'a-brand-new-admin-token-0123456789abcdef');
    const second = await startTestBackend({ yaml: rotated, db, secretKey });
    const later = new Date(Date.now() + 60_000);
    second.advanceClock(60_000);
    const session = (await signedIn(second, alice)).session;
    const ok = await second.api('POST', '/v1/two-factor/verify', { token: session, body: { method: 'totp', code: totpCode(secret, later) } });
    expect(ok).toMatchObject({ status: 200, body: { verified: true } });
    await second.close();

    const wrongKey = await startTestBackend({ yaml: oidcTenantYaml(idp.issuer), db, secretKey: randomBytes(32) });
    wrongKey.advanceClock(120_000);
    const other = (await signedIn(wrongKey, alice)).session;
    const refused = await wrongKey.api('POST', '/v1/two-factor/verify', { token: other, body: { method: 'totp', code: totpCode(secret, new Date(Date.now() + 120_000)) } });
    expect(refused).toMatchObject({ status: 500, body: { error: 'config_invalid', message: expect.stringContaining('KEYHAVEN_SECRET_KEY') } });
    await wrongKey.close();
  }, 60_000);
});
