import * as fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../main/errors/app-error';
import type { ManagedConfigResult } from '../../../main/platform/managed-config';
import {
  createSettingsStore,
  DEFAULT_SETTINGS,
  effectiveSettings,
  parseUserSettings,
  settingValues,
  type UserSettings,
} from '../../../main/platform/settings';

let dir: string;
beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'keyhaven-settings-'));
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const managed = (config: object): ManagedConfigResult => ({ kind: 'ok', file: '/etc/keyhaven/managed.json', files: ['/etc/keyhaven/managed.json'], config });
const user = (over: Partial<UserSettings>): UserSettings => ({ ...DEFAULT_SETTINGS, ...over });

describe('effectiveSettings', () => {
  it('lets managed values win over the user and marks them managed and locked', () => {
    const eff = effectiveSettings(
      user({ launchAtStartup: false, backendUrl: 'https://mine.example.org', theme: 'dark' }),
      managed({ launchAtStartup: true, backendUrl: 'https://vault.acme.com' }),
    );
    expect(eff.launchAtStartup).toEqual({ value: true, managed: true, locked: true, source: 'managed' });
    expect(eff.backendUrl).toEqual({ value: 'https://vault.acme.com', managed: true, locked: true, source: 'managed' });
    expect(eff.theme).toEqual({ value: 'dark', managed: false, locked: false, source: 'user' });
  });

  it('pins a locked setting without a managed value to its default', () => {
    const eff = effectiveSettings(user({ clipboardClearSeconds: 0 }), managed({ lockedSettings: ['clipboardClearSeconds'] }));
    expect(eff.clipboardClearSeconds).toEqual({ value: 30, managed: true, locked: true, source: 'default' });
  });

  it('ignores an invalid managed file as a whole: user settings apply, nothing locked', () => {
    const eff = effectiveSettings(user({ startHidden: true }), { kind: 'invalid', file: '/etc/keyhaven/managed.json', problem: 'x' });
    expect(settingValues(eff)).toEqual(user({ startHidden: true }));
    expect(Object.values(eff).some((s) => s.locked)).toBe(false);
  });

  it('forces launch at startup when the role policy says so, unless the machine config decides', () => {
    const policy = { launchAtStartup: true };
    expect(effectiveSettings(DEFAULT_SETTINGS, { kind: 'none' }, { policy }).launchAtStartup).toEqual({ value: true, managed: true, locked: true, source: 'policy' });
    expect(effectiveSettings(DEFAULT_SETTINGS, managed({ launchAtStartup: false }), { policy }).launchAtStartup.value).toBe(false);
  });
});

describe('parseUserSettings', () => {
  it('keeps the valid keys of a partly broken file and reports the rest', () => {
    const parsed = parseUserSettings('{"theme":"dark","clipboardClearSeconds":"soon","futureKey":1}');
    expect(parsed.settings).toEqual(user({ theme: 'dark' }));
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatch(/^clipboardClearSeconds:/);
  });

  it('falls back to defaults for a file that is not JSON', () => {
    expect(parseUserSettings('{"theme":').settings).toEqual(DEFAULT_SETTINGS);
  });
});

describe('createSettingsStore', () => {
  it('starts from defaults, writes a change to settings.json and reads it back', async () => {
    const store = createSettingsStore({ userDataDir: dir, fs: fsp, managed: { kind: 'none' } });
    expect(await store.readUser()).toEqual(DEFAULT_SETTINGS);
    const eff = await store.update('launchAtStartup', true);
    expect(eff.launchAtStartup).toEqual({ value: true, managed: false, locked: false, source: 'user' });
    expect(JSON.parse(await fsp.readFile(path.join(dir, 'settings.json'), 'utf8'))).toEqual(user({ launchAtStartup: true }));
    expect(await fsp.readdir(dir)).toEqual(['settings.json']);
  });

  it('survives a broken user file and repairs it on the next change', async () => {
    await fsp.writeFile(path.join(dir, 'settings.json'), 'not json at all');
    const problems: string[] = [];
    const store = createSettingsStore({ userDataDir: dir, fs: fsp, managed: { kind: 'none' }, onProblem: (p) => problems.push(p) });
    expect(settingValues(await store.effective())).toEqual(DEFAULT_SETTINGS);
    expect(problems[0]).toMatch(/not JSON/);
    await store.update('theme', 'light');
    expect(await store.readUser()).toEqual(user({ theme: 'light' }));
  });

  it('refuses to change a managed setting, saying the organisation manages it', async () => {
    const store = createSettingsStore({ userDataDir: dir, fs: fsp, managed: managed({ launchAtStartup: true }) });
    const err = await store.update('launchAtStartup', false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('forbidden');
    expect((err as AppError).publicMessage).toBe('Launch at startup is managed by your organisation.');
    await expect(fsp.stat(path.join(dir, 'settings.json'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses to change a setting that is only locked', async () => {
    const store = createSettingsStore({ userDataDir: dir, fs: fsp, managed: managed({ lockedSettings: ['theme'] }) });
    await expect(store.update('theme', 'dark')).rejects.toMatchObject({ code: 'forbidden', publicMessage: 'Theme is managed by your organisation.' });
  });

  it('refuses an invalid value as a bad request', async () => {
    const store = createSettingsStore({ userDataDir: dir, fs: fsp, managed: { kind: 'none' } });
    await expect(store.update('backendUrl', 'http://vault.acme.com')).rejects.toMatchObject({ code: 'bad_request' });
    await expect(store.update('clipboardClearSeconds', -1)).rejects.toMatchObject({ code: 'bad_request' });
  });

  it('answers a read asked for while a change is being written with the changed value', async () => {
    let releaseWrite = (): void => undefined;
    const slowFs = {
      ...fsp,
      writeFile: async (...args: Parameters<typeof fsp.writeFile>) => {
        await new Promise<void>((resolve) => (releaseWrite = resolve));
        await fsp.writeFile(...args);
      },
    };
    const store = createSettingsStore({ userDataDir: dir, fs: slowFs, managed: { kind: 'none' } });
    const saved = store.update('clipboardClearSeconds', 2);
    const read = store.effective();
    const readUser = store.readUser();
    await new Promise((resolve) => setTimeout(resolve, 20));
    releaseWrite();
    await saved;
    expect((await read).clipboardClearSeconds.value).toBe(2);
    expect((await readUser).clipboardClearSeconds).toBe(2);
  });

  it('keeps both of two quick changes', async () => {
    const store = createSettingsStore({ userDataDir: dir, fs: fsp, managed: { kind: 'none' } });
    await Promise.all([store.update('theme', 'dark'), store.update('startHidden', true), store.update('lastEmail', 'alice@acme.test')]);
    expect(await store.readUser()).toEqual(user({ theme: 'dark', startHidden: true, lastEmail: 'alice@acme.test' }));
  });
});
