import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/errors/app-error';
import { createKeytarKeychain, LOCKED_KEYRING_MESSAGE, NO_SECRET_SERVICE_MESSAGE } from '../../../main/vault/keychain/keytar-keychain';
import { requireKeyringPrograms } from './private-keyring';

describe('keytar keychain without any D-Bus session', () => {
  it('fails with keychain_unavailable saying no Secret Service is running, and never stores anything elsewhere', async () => {
    // Real keytar, real libsecret: with no session bus address and no X display, GLib cannot
    // reach (or autolaunch) a bus. This file runs in its own worker, so no connection exists yet.
    delete process.env.DBUS_SESSION_BUS_ADDRESS;
    delete process.env.DISPLAY;
    const keychain = createKeytarKeychain({ service: 'Keyhaven-unavailable-test' });
    for (const attempt of [() => keychain.set('acct|device-key', 'x'), () => keychain.get('acct|device-key'), () => keychain.delete('acct|device-key')]) {
      const error = await attempt().then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('keychain_unavailable');
      expect((error as AppError).publicMessage).toBe(NO_SECRET_SERVICE_MESSAGE);
      expect((error as AppError).publicMessage).toMatch(/install gnome-keyring or KWallet/);
    }
  });
});

describe('keytar keychain on a session bus whose Secret Service has no unlocked login keyring', () => {
  it('fails with keychain_unavailable naming the locked/missing login keyring', async () => {
    requireKeyringPrograms();
    // A child process: it needs its own session bus from its first libsecret call on. On that
    // bus D-Bus activation starts gnome-keyring, which has no "login" keyring and no prompter.
    const home = mkdtempSync(join(tmpdir(), 'keyhaven-nokeyring-'));
    const script = [
      `import { createKeytarKeychain } from ${JSON.stringify(fileURLToPath(new URL('../../../main/vault/keychain/keytar-keychain.ts', import.meta.url)))};`,
      "createKeytarKeychain({ service: 'Keyhaven-locked-test' }).set('acct|device-key', 'x').then(",
      "  () => console.log(JSON.stringify({ ok: true })),",
      "  (e) => console.log(JSON.stringify({ code: e.code, message: e.publicMessage })));",
    ].join('\n');
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    delete env.DISPLAY;
    try {
      const child = spawnSync('dbus-run-session', ['--', fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url)), '--eval', script], { env, encoding: 'utf8', timeout: 25_000 });
      const line = child.stdout.split('\n').find((l) => l.startsWith('{'));
      expect(line, `child said: ${child.stdout} ${child.stderr}`).toBeDefined();
      const result = JSON.parse(line as string) as { code?: string; message?: string };
      expect(result.code).toBe('keychain_unavailable');
      expect(result.message).toBe(LOCKED_KEYRING_MESSAGE);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('keyring programs check', () => {
  it('fails naming the Debian package when a program is missing, instead of skipping', () => {
    expect(() => requireKeyringPrograms('/nonexistent')).toThrow(/Debian package dbus/);
    const onlyDbus = mkdtempSync(join(tmpdir(), 'keyhaven-path-'));
    try {
      for (const name of ['dbus-daemon', 'dbus-send']) symlinkSync(`/usr/bin/${name}`, join(onlyDbus, name));
      expect(() => requireKeyringPrograms(onlyDbus)).toThrow(/gnome-keyring-daemon is not installed.*Debian package gnome-keyring/);
    } finally {
      rmSync(onlyDbus, { recursive: true, force: true });
    }
  });
});
