import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from './support/fixture';
import { captureLogs, openApp } from './support/keyhaven';
import { addRecord, expectVaultOpen, itemList, listItem, signInAndOnboard, type RecordInput } from './support/vault';

const EMAIL = 'alice@oidc.demo.keyhaven.test';
const TARGET: RecordInput = { title: 'Bank login T9k', username: 'alice-bank-T9k', password: 'Pw-Bank%7hQ2^ww', notes: 'Treasury account' };
const INTACT: RecordInput = { title: 'Intranet N3p', username: 'alice-intranet', password: 'Pw-Intranet*5rD8', notes: 'Still fine' };

/** Flips the lowest bit of the first ciphertext byte of the record body (the part after "~"). */
function flipOneBit(envelope: string): string {
  const [wrappedKey, body] = envelope.split('~');
  const parts = (body ?? '').split('.');
  expect(parts).toHaveLength(5);
  const ciphertext = Buffer.from(parts[3] ?? '', 'base64url');
  expect(ciphertext.length).toBeGreaterThan(0);
  ciphertext[0] = (ciphertext[0] ?? 0) ^ 0x01;
  parts[3] = ciphertext.toString('base64url');
  return `${wrappedKey}~${parts.join('.')}`;
}

test('a record altered on the server is reported by name and never shown as garbage; the others still open', async ({ page, context, keyhaven }) => {
  await signInAndOnboard(page, context, keyhaven, EMAIL);
  await addRecord(page, TARGET);
  await addRecord(page, INTACT);

  // The host (and its backend) stopped, one bit of the first record's stored envelope is flipped.
  const dataDir = keyhaven.dataDir;
  await keyhaven.close();
  const db = new Database(path.join(dataDir, 'demo-backend.sqlite'), { fileMustExist: true });
  let targetId: string;
  try {
    const rows = db.prepare('SELECT id, envelope FROM vault_records ORDER BY revision').all() as { id: string; envelope: string }[];
    expect(rows).toHaveLength(2);
    const target = rows[0]!;
    targetId = target.id;
    const changed = db.prepare('UPDATE vault_records SET envelope = ? WHERE id = ?').run(flipOneBit(target.envelope), target.id);
    expect(changed.changes).toBe(1);
  } finally {
    db.close();
  }

  const logs = captureLogs('info');
  keyhaven = await keyhaven.restart({ logger: logs.logger });
  await openApp(page, keyhaven);
  await expectVaultOpen(page);

  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Some vault data failed its integrity check');
  await expect(alert).toContainText(targetId);
  await page.screenshot({ path: test.info().outputPath('tampered.png') });

  // The intact record opens; the damaged one is not listed, and nothing of it is shown.
  await expect(itemList(page).getByRole('listitem')).toHaveCount(1);
  await expect(listItem(page, INTACT.title)).toBeVisible();
  await expect(page.getByText(TARGET.title)).toHaveCount(0);
  await listItem(page, INTACT.title).click();
  const detail = page.getByRole('region', { name: 'Item details' });
  await detail.getByRole('button', { name: 'Show password' }).click();
  await expect(detail.getByText(INTACT.password ?? '', { exact: true })).toBeVisible();
  // The report stays after the list reloads (a search), so it cannot be missed.
  await page.getByRole('searchbox', { name: 'Search vault' }).fill('intranet');
  await expect(listItem(page, INTACT.title)).toBeVisible();
  await expect(page.getByRole('alert')).toContainText(targetId);
  // The log names the record by id only.
  const warning = logs.lines.find((l) => l.includes('failed their integrity check'));
  expect(warning).toContain(targetId);
  for (const secret of Object.values(TARGET)) expect(logs.lines.join('')).not.toContain(secret);
});
