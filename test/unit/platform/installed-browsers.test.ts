import { describe, expect, it } from 'vitest';
import { createBrowserCatalog, EXTENSION_STORE_URLS } from '../../../main/platform/installed-browsers';

describe('installed browsers', () => {
  it('finds browsers by their usual install location on Linux, and never lists Safari there', async () => {
    const present = new Set(['/usr/bin/firefox', '/opt/google/chrome/chrome']);
    const catalog = createBrowserCatalog({ platform: 'linux', env: {}, exists: async (p) => present.has(p) });
    const list = await catalog.list();
    expect(list.map((b) => [b.id, b.installed])).toEqual([
      ['chrome', true],
      ['chromium', false],
      ['edge', false],
      ['firefox', true],
      ['brave', false],
      ['vivaldi', false],
    ]);
    expect(list.find((b) => b.id === 'firefox')?.storeUrl).toBe(EXTENSION_STORE_URLS.firefox);
  });

  it('finds Debian\'s Chromium and Vivaldi on Linux', async () => {
    const present = new Set(['/usr/bin/chromium', '/opt/vivaldi/vivaldi']);
    const catalog = createBrowserCatalog({ platform: 'linux', env: {}, exists: async (p) => present.has(p) });
    const list = await catalog.list();
    expect(list.filter((b) => b.installed).map((b) => b.name)).toEqual(['Chromium', 'Vivaldi']);
  });

  it('looks in Program Files on Windows, using the environment', async () => {
    const present = new Set(['D:\\Apps\\Microsoft\\Edge\\Application\\msedge.exe']);
    const catalog = createBrowserCatalog({ platform: 'win32', env: { 'ProgramFiles(x86)': 'D:\\Apps' }, exists: async (p) => present.has(p) });
    const list = await catalog.list();
    expect(list.filter((b) => b.installed).map((b) => b.id)).toEqual(['edge']);
  });

  it('offers Safari on macOS when /Applications/Safari.app exists', async () => {
    const catalog = createBrowserCatalog({ platform: 'darwin', env: {}, exists: async (p) => p === '/Applications/Safari.app' });
    const list = await catalog.list();
    expect(list.find((b) => b.id === 'safari')).toMatchObject({ installed: true, name: 'Safari' });
    expect(list.every((b) => b.storeUrl.startsWith('https://'))).toBe(true);
  });
});
