import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { missingPackages, missingPackagesMessage, REQUIRED_PACKAGES } from '../../../scripts/system-packages.mjs';

type Checks = { exists: (p: string) => boolean; onPath: (c: string) => boolean; glob: (p: string) => boolean };
const everything: Checks = { exists: () => true, onPath: () => true, glob: () => true };

describe('npm test system package check', () => {
  it('finds nothing missing on a complete machine', () => {
    expect(missingPackages(everything)).toEqual([]);
    expect(missingPackagesMessage([])).toBeNull();
  });

  it('names Chromium when /usr/bin/chromium is absent, with the apt command', () => {
    const missing = missingPackages({ ...everything, exists: (p: string) => p !== '/usr/bin/chromium' });
    const message = missingPackagesMessage(missing) as string;
    expect(missing.map((m: { pkg: string }) => m.pkg)).toEqual(['chromium']);
    expect(message).toContain('chromium');
    expect(message).toContain('sudo apt-get install -y chromium');
  });

  it('names gnome-keyring, dbus and postgresql when their programs are missing', () => {
    const missing = missingPackages({ ...everything, onPath: (c: string) => c !== 'gnome-keyring-daemon' && c !== 'dbus-run-session', glob: () => false });
    expect(missing.map((m: { pkg: string }) => m.pkg)).toEqual(['dbus', 'gnome-keyring', 'postgresql']);
  });

  it('covers every package .ci/run installs for the tests', async () => {
    const { readFileSync } = await import('node:fs');
    const ci = readFileSync(new URL('../../../.ci/run', import.meta.url), 'utf8');
    for (const { pkg } of REQUIRED_PACKAGES as { pkg: string }[]) expect(ci).toContain(pkg);
  });
});
