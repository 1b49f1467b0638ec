import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder's own loader and validator (the same calls `electron-builder` makes before it
 * downloads anything), so a key the schema does not know fails here, not on a release machine.
 */
type Section = Record<string, unknown> & { target?: unknown };
interface LoadedConfig extends Record<string, unknown> {
  readonly nsis: Section;
  readonly msi: Section;
  readonly win: Section;
  readonly mac: Section;
  readonly linux: Section;
  readonly files: { filter: string[] }[];
  readonly asarUnpack: string[];
}

const require = createRequire(import.meta.url);
const builderConfig = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: object | null): Promise<LoadedConfig>;
  validateConfiguration(config: object, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};

const ROOT = path.resolve(__dirname, '../../..');
const debugLogger = { isEnabled: false, add: () => undefined };
const load = () => builderConfig.getConfig(ROOT, null, null);

describe('electron-builder.yml', () => {
  it('passes electron-builder schema validation', async () => {
    await expect(builderConfig.validateConfiguration(await load(), debugLogger)).resolves.toBeUndefined();
  });

  it('is checked by a validator that does reject unknown keys', async () => {
    const config = await load();
    await expect(builderConfig.validateConfiguration({ ...config, nsis: { ...config.nsis, perMachien: true } }, debugLogger)).rejects.toThrow(/configuration\.nsis/);
  });

  it('identifies the app and registers the keyhaven:// scheme', async () => {
    const config = await load();
    expect(config.appId).toBe('com.keyhaven.app');
    expect(config.productName).toBe('Keyhaven');
    expect(config.protocols).toEqual([{ name: 'Keyhaven', schemes: ['keyhaven'] }]);
  });

  it('builds every installer the deployment guide documents', async () => {
    const config = await load();
    expect(config.win.target).toEqual(['nsis', 'msi']);
    expect(config.mac.target).toEqual(['dmg', 'pkg']);
    expect(config.linux.target).toEqual(['deb', 'rpm', 'AppImage']);
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, allowElevation: true, include: 'build/installer.nsh', artifactName: '${productName}-Setup-${version}.${ext}' });
    expect(config.msi).toMatchObject({ perMachine: true, artifactName: '${productName}-${version}.${ext}' });
    expect(config.mac).toMatchObject({ hardenedRuntime: true, category: 'public.app-category.productivity' });
    expect(config.linux).toMatchObject({ category: 'Utility', executableName: 'keyhaven' });
  });

  it('flips the Electron fuses that close code-injection paths', async () => {
    expect((await load()).electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs into asar, unpacks native addons and never rebuilds them', async () => {
    const config = await load();
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(false);
    // getConfig normalises `files` into file sets.
    expect(config.files[0]?.filter).toEqual(expect.arrayContaining(['dist/**/*', 'package.json', '!test{,/**/*}']));
  });
});
