import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { parseRedirectAuthnRequest } from '../../main/demo/saml-authn-request';
import { createLogger } from '../../main/log/logger';
import { expect, test } from './support/fixture';
import { demoPassword, openApp } from './support/keyhaven';

const alice = 'alice@oidc.demo.keyhaven.test';
const bob = 'bob@saml.demo.keyhaven.test';

async function continueAs(page: Page, email: string): Promise<void> {
  await page.getByLabel('Work email or SSO domain').fill(email);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Waiting for your browser' })).toBeVisible();
}

/** The waiting screen's link: shown, copyable, and opening the IdP page in a new tab. */
async function openSignInLink(page: Page, expectedUrl: string): Promise<Page> {
  await expect(page.getByLabel('Sign-in link')).toHaveValue(expectedUrl);
  const link = page.getByRole('link', { name: 'Open the sign-in page' });
  await expect(link).toHaveAttribute('href', expectedUrl);
  const popup = page.context().waitForEvent('page');
  await link.click();
  const idp = await popup;
  await idp.waitForLoadState();
  return idp;
}

test('OIDC: the waiting screen shows the sign-in link when the browser\'s opening is unknown, and the IdP gets the typed email as login_hint', async ({ page, context, keyhaven }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page, keyhaven);
  await continueAs(page, alice);
  await expect.poll(() => keyhaven.host.openedUrls.length).toBe(1);
  const idpUrl = keyhaven.host.openedUrls[0]!;
  expect(new URL(idpUrl).searchParams.get('login_hint')).toBe(alice);

  // The web host cannot tell whether a browser opened: no claim that it did, the link instead.
  await expect(page.getByText('We opened your company’s sign-in page')).toHaveCount(0);
  await expect(page.getByText('If your browser did not open')).toBeVisible();
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sign-in link copied' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(idpUrl);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  const idp = await openSignInLink(page, idpUrl);
  // Not typed twice: the IdP's email box already holds it.
  await expect(idp.getByLabel('Email')).toHaveValue(alice);
  await idp.getByLabel('Password').fill(demoPassword(alice));
  await idp.getByRole('button', { name: /sign in/i }).click();
  await expect(idp.getByRole('heading', { name: 'You are signed in' })).toBeVisible();
  await expect(page.getByRole('heading', { name: `Welcome to Keyhaven, ${alice}` })).toBeVisible();
});

test('SAML: the AuthnRequest names the typed email as its Subject, and the IdP pre-fills it', async ({ page, keyhaven }) => {
  await openApp(page, keyhaven);
  await continueAs(page, bob);
  await expect.poll(() => keyhaven.host.openedUrls.length).toBe(1);
  const idpUrl = keyhaven.host.openedUrls[0]!;
  const request = parseRedirectAuthnRequest(new URL(idpUrl).searchParams.get('SAMLRequest') ?? '');
  expect(request.subjectNameId).toBe(bob);

  const idp = await openSignInLink(page, idpUrl);
  await expect(idp.getByLabel('Email')).toHaveValue(bob);
  await idp.getByLabel('Password').fill(demoPassword(bob));
  await idp.getByRole('button', { name: /sign in/i }).click();
  await expect(page.getByRole('heading', { name: 'Verify it’s you' }).or(page.getByRole('heading', { name: `Welcome to Keyhaven, ${bob}` }))).toBeVisible();
});

test.describe('a computer where the system browser cannot be opened', () => {
  test.use({
    keyhavenOptions: {
      logger: createLogger({ level: 'silent' }),
      openExternal: async () => {
        throw new Error('xdg-open: no method available for opening the URL');
      },
    },
  });

  test('when the browser cannot be opened the waiting screen says so and shows the link', async ({ page, keyhaven }) => {
    await openApp(page, keyhaven);
    await continueAs(page, alice);
    await expect(page.getByText('Keyhaven could not open your browser.')).toBeVisible();
    const url = keyhaven.host.openedUrls[0]!;
    await expect(page.getByRole('link', { name: 'Open the sign-in page' })).toHaveAttribute('href', url);
  });
});
