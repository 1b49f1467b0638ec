import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bannerFor, loadManagedConfig, MANAGED_CONFIG_KEYS, type ManagedConfigResult } from '../../../main/platform/managed-config';
import { managedConfigLocation } from '../../../main/platform/managed-config-paths';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'keyhaven-managed-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function loadText(text: string | Uint8Array): Promise<{ file: string; result: ManagedConfigResult }> {
  const file = path.join(dir, 'managed.json');
  await writeFile(file, text);
  const result = await loadManagedConfig({ platform: 'linux', env: { KEYHAVEN_MANAGED_CONFIG: file }, readFile });
  return { file, result };
}

async function expectInvalid(text: string): Promise<{ problem: string; banner: string; file: string }> {
  const { file, result } = await loadText(text);
  if (result.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(result)}`);
  expect(result.file).toBe(file);
  const banner = bannerFor(result);
  expect(banner).not.toBeNull();
  return { problem: result.problem, banner: banner ?? '', file };
}

describe('managedConfigLocation', () => {
  it('uses ProgramData on Windows, falling back to C:\\ProgramData', () => {
    expect(managedConfigLocation({ platform: 'win32', env: { ProgramData: 'D:\\PD' } }).json).toBe('D:\\PD\\Keyhaven\\managed.json');
    expect(managedConfigLocation({ platform: 'win32', env: {} }).json).toBe('C:\\ProgramData\\Keyhaven\\managed.json');
  });

  it('reads Application Support and the managed preferences domain on macOS', () => {
    expect(managedConfigLocation({ platform: 'darwin', env: {} })).toEqual({
      json: '/Library/Application Support/Keyhaven/managed.json',
      plist: '/Library/Managed Preferences/com.keyhaven.app.plist',
    });
  });

  it('reads /etc/keyhaven on Linux, unless KEYHAVEN_MANAGED_CONFIG names another file', () => {
    expect(managedConfigLocation({ platform: 'linux', env: {} }).json).toBe('/etc/keyhaven/managed.json');
    expect(managedConfigLocation({ platform: 'darwin', env: { KEYHAVEN_MANAGED_CONFIG: '/tmp/m.json' } })).toEqual({ json: '/tmp/m.json' });
  });
});

describe('loadManagedConfig', () => {
  it('reports none when no file exists', async () => {
    const result = await loadManagedConfig({
      platform: 'linux',
      env: { KEYHAVEN_MANAGED_CONFIG: path.join(dir, 'missing.json') },
      readFile,
    });
    expect(result).toEqual({ kind: 'none' });
    expect(bannerFor(result)).toBeNull();
  });

  it('accepts every documented key and normalises the domain', async () => {
    const { file, result } = await loadText(
      JSON.stringify({
        backendUrl: 'https://vault.acme.com',
        ssoDomain: 'ACME.com',
        ssoConnection: 'acme-okta',
        launchAtStartup: true,
        startHidden: true,
        lockedSettings: ['launchAtStartup', 'theme'],
        disableDemo: true,
      }),
    );
    expect(result).toMatchObject({
      kind: 'ok',
      file,
      files: [file],
      warnings: [],
      config: {
        backendUrl: 'https://vault.acme.com',
        ssoDomain: 'acme.com',
        ssoConnection: 'acme-okta',
        launchAtStartup: true,
        startHidden: true,
        lockedSettings: ['launchAtStartup', 'theme'],
        disableDemo: true,
      },
    });
    expect(result.kind === 'ok' && result.sources).toEqual(Object.fromEntries(['backendUrl', 'ssoDomain', 'ssoConnection', 'launchAtStartup', 'startHidden', 'lockedSettings', 'disableDemo'].map((k) => [k, file])));
  });

  it('uses a file that still carries the retired updateChannel key, dropping it with a warning', async () => {
    const { file, result } = await loadText('{"ssoDomain":"acme.com","updateChannel":"beta","lockedSettings":["theme","updateChannel"]}');
    expect(result.kind === 'ok' && result.config).toEqual({ ssoDomain: 'acme.com', lockedSettings: ['theme'] });
    expect(result.kind === 'ok' && result.warnings).toEqual([
      `${file}: 'updateChannel' is no longer used and was ignored (Keyhaven has no automatic updates; deploy new versions with your software distribution)`,
      `${file}: lockedSettings names 'updateChannel', which is no longer used; ignored`,
    ]);
    expect(bannerFor(result)).toBeNull();
  });

  it('never repeats a password written into a backend URL in its problem text', async () => {
    const { problem } = await expectInvalid('{"backendUrl":"https://admin:hunter2@vault.acme.com"}');
    expect(problem).not.toContain('hunter2');
    expect(problem).toContain('https://***@vault.acme.com');
  });

  it('reads the UTF-16 file Windows PowerShell 5.1 writes with Out-File', async () => {
    const text = '{"ssoDomain":"acme.com"}';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const { result } = await loadText(bytes);
    expect(result.kind === 'ok' && result.config).toEqual({ ssoDomain: 'acme.com' });
  });

  it('reads UTF-8 with a byte order mark', async () => {
    const { result } = await loadText('\uFEFF{"disableDemo":true}');
    expect(result.kind === 'ok' && result.config).toEqual({ disableDemo: true });
  });

  it('allows plain http only for a loopback backend', async () => {
    expect((await loadText('{"backendUrl":"http://127.0.0.1:8443"}')).result.kind).toBe('ok');
    const { problem } = await expectInvalid('{"backendUrl":"http://vault.acme.com"}');
    expect(problem).toMatch(/^backendUrl must be an https:\/\/ URL/);
    expect(problem).toContain('got "http://vault.acme.com"');
  });

  it('refuses a backend URL carrying credentials', async () => {
    const { problem } = await expectInvalid('{"backendUrl":"https://admin:pw@vault.acme.com"}');
    expect(problem).toMatch(/^backendUrl must be an https:\/\/ URL without user name or password/);
  });

  it('names line and column of broken JSON in the banner, with the file', async () => {
    const { problem, banner, file } = await expectInvalid('{\n  "ssoDomain": "acme.com",\n    oops\n}');
    expect(problem).toBe('invalid JSON at line 3 column 5 (expected double-quoted property name)');
    expect(banner).toBe(
      `Your organisation's Keyhaven configuration (${file}) could not be used: ` +
        'invalid JSON at line 3 column 5 (expected double-quoted property name). ' +
        'Keyhaven is using safe defaults; contact your IT department.',
    );
  });

  it('reports a truncated file', async () => {
    const { problem } = await expectInvalid('{"ssoDomain": "acme.com"');
    expect(problem).toMatch(/^invalid JSON at line 1 column \d+/);
  });

  it('reports an empty file', async () => {
    expect((await expectInvalid('  \n')).problem).toBe('the file is empty (expected a JSON object)');
  });

  it('refuses a top level that is not an object', async () => {
    expect((await expectInvalid('["acme.com"]')).problem).toBe('the configuration must be a JSON object, got a list');
  });

  it('names an unknown key and suggests the right spelling', async () => {
    const { problem } = await expectInvalid('{"backendURL":"https://vault.acme.com"}');
    expect(problem).toBe("unknown key 'backendURL' (did you mean 'backendUrl'?)");
  });

  it('names a key of the wrong type and the value it got', async () => {
    const { problem, banner } = await expectInvalid('{"launchAtStartup":"yes"}');
    expect(problem).toBe('launchAtStartup must be true or false, got "yes"');
    expect(banner).toContain('launchAtStartup must be true or false, got "yes"');
  });

  it('names the bad element of lockedSettings', async () => {
    const { problem } = await expectInvalid('{"lockedSettings":["theme","masterPassword"]}');
    expect(problem).toMatch(/^lockedSettings\[1\] must be one of launchAtStartup, startHidden, .*theme.*, got "masterPassword"$/);
  });

  it('refuses a malformed connection id and a wrongly typed key, listing both', async () => {
    const { problem } = await expectInvalid('{"ssoConnection":"Acme Okta","disableDemo":"yes"}');
    expect(problem).toContain('ssoConnection must be a connection id made of a-z, 0-9 and -');
    expect(problem).toContain('disableDemo must be true or false, got "yes"');
  });

  it('reports a file it may not read, with the error code', async () => {
    const file = path.join(dir, 'managed.json');
    const denied = Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
    const result = await loadManagedConfig({
      platform: 'linux',
      env: { KEYHAVEN_MANAGED_CONFIG: file },
      readFile: () => Promise.reject(denied),
    });
    expect(result).toEqual({ kind: 'invalid', file, problem: 'cannot read file: EACCES (permission denied)' });
    expect(bannerFor(result)).toContain(`(${file}) could not be used: cannot read file: EACCES (permission denied).`);
  });

  it('reports a folder where the file should be', async () => {
    const file = path.join(dir, 'managed.json');
    await mkdir(file);
    const result = await loadManagedConfig({ platform: 'linux', env: { KEYHAVEN_MANAGED_CONFIG: file }, readFile });
    expect(result).toEqual({ kind: 'invalid', file, problem: 'cannot read file: EISDIR (it is a folder)' });
  });
});

describe('loadManagedConfig on macOS with a configuration profile', () => {
  // The real locations are fixed system paths; a readFile that maps them into the temp dir keeps
  // the test on real files.
  function macReadFile(map: Record<string, string>) {
    return (file: string) => (map[file] ? readFile(map[file]) : readFile(path.join(dir, 'absent')));
  }

  const PLIST = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>PayloadUUID</key><string>5F2C0B44-0000-4000-8000-000000000001</string>
  <key>ssoDomain</key><string>acme.com</string>
  <key>launchAtStartup</key><true/>
  <key>lockedSettings</key><array><string>launchAtStartup</string></array>
</dict>
</plist>`;

  it('merges the profile over managed.json, the profile winning per key', async () => {
    await writeFile(path.join(dir, 'm.json'), '{"ssoDomain":"old.example","disableDemo":true,"lockedSettings":["theme"]}');
    await writeFile(path.join(dir, 'p.plist'), PLIST);
    const result = await loadManagedConfig({
      platform: 'darwin',
      env: {},
      readFile: macReadFile({
        '/Library/Application Support/Keyhaven/managed.json': path.join(dir, 'm.json'),
        '/Library/Managed Preferences/com.keyhaven.app.plist': path.join(dir, 'p.plist'),
      }),
    });
    expect(result.kind === 'ok' && result.config).toEqual({
      ssoDomain: 'acme.com',
      disableDemo: true,
      launchAtStartup: true,
      lockedSettings: ['theme', 'launchAtStartup'],
    });
    // Settings shows where each key came from: the profile wins per key.
    expect(result.kind === 'ok' && result.sources).toEqual({
      ssoDomain: '/Library/Managed Preferences/com.keyhaven.app.plist',
      disableDemo: '/Library/Application Support/Keyhaven/managed.json',
      launchAtStartup: '/Library/Managed Preferences/com.keyhaven.app.plist',
      lockedSettings: '/Library/Managed Preferences/com.keyhaven.app.plist',
    });
  });

  it('reports a wrongly typed profile value against the plist file', async () => {
    await writeFile(path.join(dir, 'p.plist'), PLIST.replace('<true/>', '<string>yes</string>'));
    const result = await loadManagedConfig({
      platform: 'darwin',
      env: {},
      readFile: macReadFile({ '/Library/Managed Preferences/com.keyhaven.app.plist': path.join(dir, 'p.plist') }),
    });
    expect(result).toEqual({
      kind: 'invalid',
      file: '/Library/Managed Preferences/com.keyhaven.app.plist',
      problem: 'launchAtStartup must be true or false, got "yes"',
    });
  });

  it('converts a binary profile through plistToXml', async () => {
    await writeFile(path.join(dir, 'p.plist'), 'bplist00\u0000\u0001');
    const converted: string[] = [];
    const result = await loadManagedConfig({
      platform: 'darwin',
      env: {},
      readFile: macReadFile({ '/Library/Managed Preferences/com.keyhaven.app.plist': path.join(dir, 'p.plist') }),
      plistToXml: async (file) => {
        converted.push(file);
        return PLIST;
      },
    });
    expect(converted).toEqual(['/Library/Managed Preferences/com.keyhaven.app.plist']);
    expect(result.kind === 'ok' && result.config.ssoDomain).toBe('acme.com');
  });
});

describe('the managed configuration keys', () => {
  it('MANAGED_CONFIG_KEYS names exactly the keys of the schema, which loads only when a file is there to check', async () => {
    const { managedConfigSchema } = await import('../../../main/platform/managed-config-schema');
    expect(Object.keys(managedConfigSchema.shape).sort()).toEqual([...MANAGED_CONFIG_KEYS].sort());
  });
});
