import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { startWebHost } from '../../../main/host/web-host';
import { createLogger } from '../../../main/log/logger';
import type { ManagedConfigResult } from '../../../main/platform/managed-config';
import { createKeytarKeychain } from '../../../main/vault/keychain/keytar-keychain';
import { nextAcsPorts, type Keyhaven } from './keyhaven';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export interface SecondAppOptions {
  /** That computer's managed.json, already read. */
  readonly managed?: ManagedConfigResult;
  readonly samlAcsPorts?: readonly number[];
}

/**
 * A second installation of the app on "another computer": its own web host and data folder,
 * its own keychain service name (so it holds none of the first one's keys), the first one's
 * backend. The `secondApp` fixture starts these and closes them after the test.
 */
export async function startSecondApp(
  first: Keyhaven,
  options: SecondAppOptions = {},
  install: { dataDir: string; keychainService: string } = { dataDir: mkdtempSync(path.join(os.tmpdir(), 'keyhaven-e2e-second-')), keychainService: `Keyhaven-e2e-${randomUUID()}` },
): Promise<Keyhaven> {
  const { dataDir } = install;
  const samlAcsPorts = options.samlAcsPorts ?? nextAcsPorts();
  const keychain = createKeytarKeychain({ service: install.keychainService });
  const host = await startWebHost({
    userDataDir: dataDir,
    backend: { kind: 'remote', url: first.backendUrl },
    distDir: path.join(root, 'dist'),
    logger: createLogger({ level: process.env.KEYHAVEN_LOG_LEVEL ?? 'warn' }),
    keychain,
    samlAcsPorts,
    ...(options.managed ? { managed: options.managed } : {}),
    checkResults: true,
  });
  let closed: Promise<void> | null = null;
  const close = () => (closed ??= host.close());
  return {
    host,
    dataDir,
    adminToken: first.adminToken,
    backendUrl: first.backendUrl,
    idps: first.idps,
    keychain,
    scimUsers: () => first.scimUsers(),
    // The same installation again: same data folder, keychain entries and options.
    restart: async (changes = {}) => {
      if (Object.keys(changes).length > 0) throw new Error('a second app restarts with the options it was started with');
      await close();
      return startSecondApp(first, { ...options, samlAcsPorts }, install);
    },
    close,
  };
}

/** The new device asks for approval; returns the five words it shows. */
export async function askForApproval(page: Page, button: 'Ask my other devices' | 'Ask again' = 'Ask my other devices'): Promise<string> {
  await page.getByRole('button', { name: button }).click();
  const phrase = page.getByLabel('Fingerprint phrase');
  await expect(phrase).toHaveText(/^[a-z]+( [a-z]+){4}$/);
  return (await phrase.textContent()) ?? '';
}

/** The approving device's dialog: device name, place, time and four phrases to pick from. */
export function approvalDialog(page: Page) {
  return page.getByRole('dialog', { name: 'Approve a new device?' });
}
