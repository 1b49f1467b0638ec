import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSettingsStore } from '../../../main/platform/settings';
import type { ManagedConfigResult } from '../../../main/platform/managed-config';
import { createLogger } from '../../../main/log/logger';
import { LOG_FILE_NAME } from '../../../main/log/rotating-log-file';
import { createDiagnosticsService } from '../../../main/platform/diagnostics';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'keyhaven-diagnostics-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const SECRETS = [
  'sess-9f8e7d6c5b4a',
  'authcode-31337',
  'state-abcdef123',
  'hunter2-master',
  'eyJhbGciOiJSUzI1NiJ9.payload.sig',
  'PHNhbWxwOlJlc3BvbnNlIHNhbWw',
  'JBSWY3DPEHPK3PXP',
  'otc-one-time-42',
  's3cr3t-pw',
  'alice.personal@acme.test',
];

const managed: ManagedConfigResult = {
  kind: 'ok',
  file: '/etc/keyhaven/managed.json',
  files: ['/etc/keyhaven/managed.json'],
  config: { backendUrl: 'https://vault.acme.test', lockedSettings: ['clipboardClearSeconds'] },
  sources: { backendUrl: '/etc/keyhaven/managed.json', lockedSettings: '/etc/keyhaven/managed.json' },
  warnings: [],
};

async function writeLogWithSecrets(logDir: string): Promise<void> {
  const log = createLogger({ level: 'debug', destination: { write: () => true } as never, logFile: { dir: logDir } });
  const sso = log.child({ scope: 'sso' });
  sso.info({ sessionToken: SECRETS[0], email: 'bob@acme.test' }, 'signed in');
  sso.debug({ url: `http://127.0.0.1:53111/callback?code=${SECRETS[1]}&state=${SECRETS[2]}` }, 'callback received');
  sso.warn({ err: new Error(`unlock failed for masterPassword ${'x'}`), masterPassword: SECRETS[3] }, 'unlock failed');
  sso.info({ headers: { authorization: `Bearer ${SECRETS[4]}` } }, `relay with Bearer ${SECRETS[4]}`);
  sso.info({ SAMLResponse: SECRETS[5], nested: { totpSecret: SECRETS[6] } }, 'saml relayed');
  sso.info({ launchUrl: `http://localhost:4000/?otc=${SECRETS[7]}` }, 'launch');
  // A line the logger did not write (an older version, another tool): redacted by pattern.
  await fsp.appendFile(path.join(logDir, LOG_FILE_NAME), `proxy said: https://admin:${SECRETS[8]}@proxy.acme.test/ Bearer ${SECRETS[4]}\n`);
}

async function service(saveFile?: Parameters<typeof createDiagnosticsService>[0]['saveFile']) {
  const logDir = path.join(dir, 'logs');
  await writeLogWithSecrets(logDir);
  const settings = createSettingsStore({ userDataDir: dir, fs: fsp as never, managed });
  await settings.update('lastEmail', SECRETS[9]);
  await settings.update('theme', 'dark');
  return createDiagnosticsService({
    app: { version: '1.2.3', host: 'electron', platform: 'linux', arch: 'x64' },
    settings: () => settings.effective(),
    managed,
    logDir,
    ...(saveFile ? { saveFile } : {}),
    now: () => new Date('2026-12-01T21:30:05.123Z'),
  });
}

describe('Save diagnostics', () => {
  it('bundles version, platform, effective settings, the managed configuration and the log — and no secret', async () => {
    const result = await (await service()).save();
    if (result.kind !== 'download') throw new Error(`expected a download, got ${result.kind}`);
    expect(result.fileName).toBe('keyhaven-diagnostics-2026-12-01T21-30-05Z.json');
    for (const secret of SECRETS) expect(result.text).not.toContain(secret);

    const bundle = JSON.parse(result.text) as {
      app: Record<string, string>;
      settings: Record<string, { value: unknown; source: string; locked: boolean }>;
      managedConfiguration: { state: string; files: string[] };
      log: string[];
    };
    expect(bundle.app).toEqual({ name: 'Keyhaven', version: '1.2.3', host: 'electron', platform: 'linux', arch: 'x64' });
    expect(bundle.settings.theme).toEqual({ value: 'dark', source: 'user', locked: false });
    expect(bundle.settings.backendUrl).toEqual({ value: 'https://vault.acme.test', source: 'managed', locked: true });
    expect(bundle.settings.clipboardClearSeconds).toMatchObject({ locked: true });
    expect(bundle.settings).not.toHaveProperty('lastEmail');
    expect(bundle.managedConfiguration).toMatchObject({ state: 'ok', files: ['/etc/keyhaven/managed.json'] });
    expect(bundle.log).toHaveLength(7);
    expect(bundle.log.join('\n')).toContain('callback received');
    expect(bundle.log.join('\n')).toContain('bob@acme.test');
    expect(bundle.log.at(-1)).toContain('proxy.acme.test');
  });

  it('hands the bundle to the host’s save dialog when there is one', async () => {
    const saved: { name: string; text: string }[] = [];
    const result = await (
      await service(async (name, text) => {
        saved.push({ name, text });
        return { kind: 'saved', path: `/home/alice/Downloads/${name}` };
      })
    ).save();
    expect(result).toEqual({ kind: 'saved', path: '/home/alice/Downloads/keyhaven-diagnostics-2026-12-01T21-30-05Z.json' });
    expect(saved).toHaveLength(1);
    for (const secret of SECRETS) expect(saved[0]!.text).not.toContain(secret);
  });
});
