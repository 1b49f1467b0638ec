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
import type { Keyhaven } from './keyhaven';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * A second installation of the app on "another computer": its own web host and data folder,
 * its own keychain service name (so it holds none of the first one's keys), the first one's
 * backend; `managed` stands for that computer's managed.json.
 */
export async function startSecondApp(
  first: Keyhaven,
  samlAcsPorts: readonly number[],
  install: { dataDir: string; keychainService: string } = { dataDir: mkdtempSync(path.join(os.tmpdir(), 'keyhaven-e2e-second-')), keychainService: `Keyhaven-e2e-${randomUUID()}` },
  managed?: ManagedConfigResult,
): Promise<Keyhaven> {
  const { dataDir } = install;
  const keychain = createKeytarKeychain({ service: install.keychainService });
  const host = await startWebHost({
    userDataDir: dataDir,
    backend: { kind: 'remote', url: first.backendUrl },
    distDir: path.join(root, 'dist'),
    logger: createLogger({ level: process.env.KEYHAVEN_LOG_LEVEL ?? 'warn' }),
    keychain,
    samlAcsPorts,
    ...(managed ? { managed } : {}),
    checkResults: true,
  });
  const self: Keyhaven = {
    host,
    dataDir,
    adminToken: first.adminToken,
    backendUrl: first.backendUrl,
    keychain,
    scimUsers: () => first.scimUsers(),
    // The same installation again: same data folder and keychain entries.
    restart: async () => {
      await host.close();
      return startSecondApp(first, samlAcsPorts, install, managed);
    },
    close: () => host.close(),
  };
  return self;
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
