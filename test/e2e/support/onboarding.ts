import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { DemoTenantSpec } from '../../../main/demo/demo-environment';
import type { PolicyInput } from '../../../main/policy/enforcement-policy';
import { totpCode } from '../../../main/vault/totp/totp';
import { openApp, signInThroughIdp, storedSessionToken, type Keyhaven } from './keyhaven';

/**
 * The onboarding e2e tenant: one OpenID Provider, three domains, each JIT-provisioned into a
 * node whose default role has a different enforcement policy.
 */
export const STRICT_DOMAIN = 'strict.onboarding.test';
export const QUIET_DOMAIN = 'quiet.onboarding.test';
export const RELAXED_DOMAIN = 'relaxed.onboarding.test';

export const STRICT_POLICY: PolicyInput = {
  onboarding: true,
  requireTwoFactor: true,
  requireMasterPassword: true,
  allowImport: true,
  promptBrowserExtension: true,
};
export const QUIET_POLICY: PolicyInput = { onboarding: false };
export const RELAXED_POLICY: PolicyInput = { onboarding: true, requireTwoFactor: false, allowImport: false, promptBrowserExtension: true };

const USER_NAMES = ['ann', 'ben', 'cat', 'dan', 'eve', 'fay'] as const;

/** `relaxed` replaces the Relaxed role's policy (the "administrator tightens the role" case). */
export function onboardingTenant(options: { relaxed?: PolicyInput; strict?: PolicyInput } = {}): DemoTenantSpec {
  const users = [STRICT_DOMAIN, QUIET_DOMAIN, RELAXED_DOMAIN].flatMap((domain) =>
    USER_NAMES.map((name) => ({ email: `${name}@${domain}`, password: `${name}-${domain}-pw`, name: `${name} ${domain}` })),
  );
  return {
    tenant: 'Onboarding E2E',
    nodes: [
      { name: 'Security', defaultRole: 'Strict' },
      { name: 'Sales', defaultRole: 'Quiet' },
      { name: 'Support', defaultRole: 'Relaxed' },
    ],
    roles: [
      { name: 'Strict', policy: options.strict ?? STRICT_POLICY },
      { name: 'Quiet', policy: QUIET_POLICY },
      { name: 'Relaxed', policy: options.relaxed ?? RELAXED_POLICY },
    ],
    connections: [
      { id: 'strict-oidc', type: 'oidc', node: 'Security', domains: [STRICT_DOMAIN], jit: true },
      { id: 'quiet-oidc', type: 'oidc', node: 'Sales', domains: [QUIET_DOMAIN], jit: true },
      { id: 'relaxed-oidc', type: 'oidc', node: 'Support', domains: [RELAXED_DOMAIN], jit: true },
    ],
    users,
  };
}

export function tenantPassword(email: string): string {
  const [name, domain] = email.split('@');
  return `${name}-${domain}-pw`;
}

export const MASTER_PASSWORD = 'Correct-Horse-Battery-42';

/**
 * Opens the app and signs in through the IdP, first forgetting the IdP's session cookies so
 * every sign-in meets the IdP's login form, as a new day's sign-in would.
 */
export async function signInAs(page: Page, context: BrowserContext, keyhaven: Keyhaven, email: string, open = true): Promise<void> {
  if (open) await openApp(page, keyhaven);
  const issuer = keyhaven.idps.oidcIssuer;
  if (issuer) await context.clearCookies({ domain: new URL(issuer).hostname });
  const idpPage = await signInThroughIdp(page, context, keyhaven, email, tenantPassword(email));
  await idpPage.close();
}

/** The progress list items (title, required/optional and, for screen readers, the status). */
export function progressItems(page: Page) {
  return page.getByRole('navigation', { name: 'Onboarding progress' }).getByRole('listitem');
}

export async function expectStep(page: Page, heading: string | RegExp, position: { n: number; of: number }): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Onboarding progress' })).toContainText(`Step ${position.n} of ${position.of}`);
  await expect(progressItems(page).nth(position.n - 1)).toHaveAttribute('aria-current', 'step');
}

/** A screenshot saved with the test's artifacts and an axe run that must find nothing. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  expect(
    results.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) })),
    `axe violations on "${name}"`,
  ).toEqual([]);
}

export async function createVaultWithMasterPassword(page: Page): Promise<void> {
  await page.getByLabel('Master password', { exact: true }).fill(MASTER_PASSWORD);
  await page.getByLabel('Confirm master password').fill(MASTER_PASSWORD);
  await expect(page.getByRole('meter', { name: 'Password strength' })).toBeVisible();
  await page.getByRole('button', { name: 'Create my vault' }).click();
}

export interface TotpEnrolment {
  readonly secret: string;
  /** The code used to confirm enrolment, and when it was computed. */
  readonly code: string;
  readonly at: number;
}

/** Reads the manual setup key the step shows and confirms with a code computed from it (`screen`: check the filled-in form first). */
export async function enrolTotp(page: Page, screen?: string): Promise<TotpEnrolment> {
  await page.getByRole('radio', { name: 'Authenticator app' }).check();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await page.getByRole('group', { name: 'Manual setup key' }).locator('code').innerText()).replace(/\s+/g, '');
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  const at = Date.now();
  const code = totpCode(secret, new Date(at));
  await page.getByLabel('6-digit code').fill(code);
  if (screen !== undefined) await checkScreen(page, screen);
  await page.getByRole('button', { name: 'Verify' }).click();
  return { secret, code, at };
}

export async function backendCall(keyhaven: Keyhaven, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${keyhaven.backendUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${await storedSessionToken(keyhaven)}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/**
 * After an authenticator app or a security key: the backup codes are the next screen. Creates
 * them, checks they are laid out without overlapping and cannot be walked past unconfirmed,
 * confirms and continues. Returns the codes.
 */
export async function saveBackupCodes(page: Page, screen?: string): Promise<string[]> {
  await expect(page.getByRole('heading', { level: 1, name: 'Save your backup codes' })).toBeVisible();
  await page.getByRole('button', { name: 'Create backup codes' }).click();
  const list = page.getByRole('list', { name: 'Your backup codes' });
  await expect(list.getByRole('listitem').first()).toBeVisible();
  const codes = (await list.locator('code').allInnerTexts()).map((c) => c.trim());
  expect(codes.length).toBeGreaterThanOrEqual(2);
  await expectNoOverlap(page);
  for (const name of ['Copy codes', 'Download codes', 'Print codes']) await expect(page.getByRole('button', { name })).toBeVisible();
  // Nothing leads away from codes that are not confirmed saved.
  for (const name of ['Next', 'Back', 'Skip this step']) await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Continue' })).toBeDisabled();
  if (screen !== undefined) await checkScreen(page, screen);
  await page.getByRole('checkbox', { name: 'I have saved these codes' }).check();
  await page.getByRole('button', { name: 'Continue' }).click();
  return codes;
}

/** No backup code and no list number share a pixel with another (the "6s8e-k2ay10." bug). */
export async function expectNoOverlap(page: Page): Promise<void> {
  const boxes = await page.getByRole('list', { name: 'Your backup codes' }).evaluate((list) =>
    [...list.querySelectorAll('li > *')].map((el) => {
      const r = el.getBoundingClientRect();
      return { text: el.textContent ?? '', left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }),
  );
  expect(boxes.length).toBeGreaterThanOrEqual(4);
  const overlaps: string[] = [];
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
      if (!apart) overlaps.push(`"${a.text}" and "${b.text}"`);
    }
  }
  expect(overlaps, 'backup codes overlapping').toEqual([]);
}
