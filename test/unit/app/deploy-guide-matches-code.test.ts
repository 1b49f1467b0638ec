import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MANAGED_CONFIG_KEYS, RETIRED_MANAGED_KEYS } from '../../../main/platform/managed-config';
import { LOCKABLE_SETTING_NAMES } from '../../../main/shared/setting-names';
import { DEFAULT_LOG_KEEP, DEFAULT_LOG_MAX_BYTES, LOG_FILE_NAME } from '../../../main/log/rotating-log-file';
import { DEFAULT_HIDDEN_START_TIMEOUT_MS } from '../../../main/runtime/startup-policy';

/** What docs/deploy.md promises administrators, checked against the code that keeps the promise. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
const guide = read('docs/deploy.md');

function section(text: string, heading: string): string {
  const start = text.indexOf(heading);
  expect(start, `section "${heading}"`).toBeGreaterThanOrEqual(0);
  const next = text.indexOf('\n## ', start + heading.length);
  return text.slice(start, next === -1 ? undefined : next);
}

describe('docs/deploy.md', () => {
  const reference = section(guide, '## 2. managed.json reference');

  it('documents exactly the managed keys the app accepts', () => {
    const documented = [...reference.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...MANAGED_CONFIG_KEYS].sort());
  });

  it('names exactly the settings lockedSettings accepts', () => {
    const row = reference.split('\n').find((line) => line.startsWith('| `lockedSettings`')) ?? '';
    const names = [...(row.split('Names:')[1] ?? '').split('.')[0]!.matchAll(/`([A-Za-z]+)`/g)].map((m) => m[1]);
    expect(names).toEqual([...LOCKABLE_SETTING_NAMES]);
  });

  it('explains every retired key it still tolerates, and lists none of them as a setting', () => {
    for (const key of Object.keys(RETIRED_MANAGED_KEYS)) {
      expect(reference).toContain(`The one exception is \`${key}\``);
      expect(reference).not.toMatch(new RegExp(`^\\| \`${key}\``, 'm'));
    }
  });

  it('states the log file, its rotation size and count, and the silent sign-in wait as the code has them', () => {
    expect(guide).toContain(`logs/${LOG_FILE_NAME}`);
    expect(guide).toContain(`At ${DEFAULT_LOG_MAX_BYTES / (1024 * 1024)} MiB`);
    expect(guide).toContain(`keyhaven.${DEFAULT_LOG_KEEP}.log`);
    expect(guide).toContain(`within ${DEFAULT_HIDDEN_START_TIMEOUT_MS / 1000} seconds`);
  });
});

describe('no shipped text promises what does not exist', () => {
  const files = ['README.md', 'docs/deploy.md', 'electron-builder.yml', 'build/installer.nsh', 'main/platform/settings.ts', 'main/shared/setting-names.ts'];

  it('mentions no automatic updates (Keyhaven has no updater)', () => {
    for (const file of files) expect(read(file), file).not.toMatch(/auto-?update|automatic update|electron-updater|update channel/i);
  });

  it('calls keyhaven:// no sign-in return channel and the app data no vault cache', () => {
    const builder = read('electron-builder.yml');
    expect(builder).not.toMatch(/SSO return/i);
    expect(builder).not.toMatch(/vault cache/i);
  });
});
