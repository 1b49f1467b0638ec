import { createHmac } from 'node:crypto';
import { DEMO_TENANT, type DemoTenantSpec } from '../../main/demo/demo-environment';
import { expect, shareKeyhaven, test } from './support/fixture';
import { openApp } from './support/keyhaven';
import { addRecord, expectVaultOpen, pageClipboard, signInAndOnboard } from './support/vault';

const EMAIL = 'alice@oidc.demo.keyhaven.test';

/** The demo tenant, with generator rules for Employees that differ from every default. */
const GENERATOR = { length: 28, upper: true, lower: true, digits: true, symbols: false, avoidAmbiguous: true } as const;
const SPEC: DemoTenantSpec = {
  ...DEMO_TENANT,
  roles: DEMO_TENANT.roles.map((r) => (r.name === 'Employee' ? { ...r, policy: { ...r.policy, passwordGenerator: GENERATOR } } : r)),
};

// Both tests start from Alice's open vault: one signed-in host for the file.
shareKeyhaven({ spec: SPEC }, (page, context, keyhaven) => signInAndOnboard(page, context, keyhaven, EMAIL));

/** RFC 4648 base32 and RFC 6238 TOTP (SHA-1, 6 digits, 30 s), written here independently of the app. */
function base32(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}
function totp(secret: string, atMs: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 1000 / 30)));
  const mac = createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

test('a record with a TOTP secret shows the current 6-digit code, ticking', async ({ page, context, keyhaven }) => {
  // RFC 6238's SHA-1 key "12345678901234567890" in base32.
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  await openApp(page, keyhaven);
  await expectVaultOpen(page);
  await addRecord(page, { title: 'Git forge 2FA', username: 'alice', password: 'Pw-Forge!3kL', totp: secret });

  const detail = page.getByRole('region', { name: 'Item details' });
  await expect(detail.getByRole('term').filter({ hasText: 'One-time code' })).toBeVisible();
  const code = detail.getByRole('code').filter({ hasText: /^\d{3} \d{3}$/ });
  const secondsLeft = detail.getByText(/^\d+ s left$/);
  await expect(code).toBeVisible();
  // Equals the code for the current 30-second step (computed here, not by the app).
  await expect
    .poll(async () => {
      const shown = ((await code.textContent()) ?? '').replace(' ', '');
      return shown === totp(secret, Date.now()) || shown === totp(secret, Date.now() - 1_000);
    })
    .toBe(true);
  // It ticks: the seconds left change every second and stay within the 30-second period.
  const first = Number(/\d+/.exec((await secondsLeft.textContent()) ?? '')?.[0]);
  expect(first).toBeGreaterThanOrEqual(1);
  expect(first).toBeLessThanOrEqual(30);
  await expect.poll(async () => Number(/\d+/.exec((await secondsLeft.textContent()) ?? '')?.[0]), { timeout: 3_000 }).not.toBe(first);

  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await detail.getByRole('button', { name: 'Copy code' }).click();
  await expect.poll(async () => [totp(secret, Date.now()), totp(secret, Date.now() - 1_000)].includes(await pageClipboard(page))).toBe(true);
});

test("the password generator follows the role's rules: length and character classes", async ({ page, keyhaven }) => {
  await openApp(page, keyhaven);
  await expectVaultOpen(page);
  await page.getByRole('button', { name: 'New item' }).click();
  const form = page.getByRole('form', { name: 'New item' });
  const password = form.getByLabel('Password', { exact: true });
  const seen = new Set<string>();
  for (let i = 0; i < 6; i += 1) {
    const before = await password.inputValue();
    await form.getByRole('button', { name: 'Generate' }).click();
    await expect(password).not.toHaveValue(before);
    await expect(form.getByRole('status')).toHaveText('New password generated.');
    // Shown in clear once generated, so the user can read it.
    await expect(password).toHaveAttribute('type', 'text');
    const value = await password.inputValue();
    expect(value).toHaveLength(GENERATOR.length);
    expect(value).toMatch(/[A-Z]/);
    expect(value).toMatch(/[a-z]/);
    expect(value).toMatch(/[0-9]/);
    // No symbols (the policy turns them off) and none of the ambiguous characters.
    expect(value).toMatch(/^[A-Za-z0-9]+$/);
    expect(value).not.toMatch(/[Il1O0oB8S5Z2G6]/);
    seen.add(value);
  }
  expect(seen.size).toBe(6);

  // The generated password is what gets saved.
  const generated = await password.inputValue();
  await form.getByLabel('Title').fill('Generated login');
  await form.getByRole('button', { name: 'Save' }).click();
  const detail = page.getByRole('region', { name: 'Item details' });
  await detail.getByRole('button', { name: 'Show password' }).click();
  await expect(detail.getByText(generated, { exact: true })).toBeVisible();
});
