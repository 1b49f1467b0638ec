import type { DemoTenantSpec } from '../../main/demo/demo-environment';
import { expect, test } from './support/fixture';
import { openAndSignIn } from './support/keyhaven';
import { checkScreen } from './support/onboarding';

/**
 * "Test sign-in" of the SSO connections view: an administrator signed in by SSO runs a SAML and
 * an OIDC connection end to end in the (system) browser and reads what the IdP sent and each
 * check's result. Nobody is signed in or provisioned by it, and the administrator stays signed in.
 */
const IT = 'it.test-sign-in-e2e.test';
const ENG = 'eng.test-sign-in-e2e.test';
const SAML = 'saml.test-sign-in-e2e.test';
const erin = { email: `erin@${IT}`, password: 'erin-admin-pw', name: 'Erin Admin' };
const bob = { email: `bob@${SAML}`, password: 'bob-saml-pw', name: 'Bob Engineer' };

const tenant: DemoTenantSpec = {
  tenant: 'Test sign-in E2E',
  nodes: [{ name: 'Acme', defaultRole: 'Employee', children: [{ name: 'Engineering', defaultRole: 'Engineer' }, { name: 'IT', defaultRole: 'ConnAdmin' }] }],
  roles: [
    { name: 'Employee', policy: {} },
    { name: 'Engineer', policy: {} },
    { name: 'ConnAdmin', policy: { admin: { scope: 'Acme', permissions: ['connections'] } } },
  ],
  connections: [
    { id: 'it-oidc', type: 'oidc', node: 'IT', domains: [IT], jit: true },
    { id: 'eng-oidc', type: 'oidc', node: 'Engineering', domains: [ENG], jit: true },
    { id: 'eng-saml', type: 'saml', node: 'Engineering', domains: [SAML], jit: true },
  ],
  users: [erin, bob],
};

test.use({ keyhavenOptions: { spec: tenant } });
test.setTimeout(120_000);

test('an administrator tests a SAML and an OIDC connection and reads the claims and every check, signing nobody in', async ({ page, context, keyhaven }) => {
  await openAndSignIn(page, context, keyhaven, erin.email, erin.password);
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('button', { name: 'Open admin area' }).click();
  await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('button', { name: 'SSO connections' }).click();

  // SAML: the IdP's page opens in the browser; Bob signs in there.
  const opened = keyhaven.host.openedUrls.length;
  await page.getByRole('button', { name: 'Test sign-in with eng-saml' }).click();
  await expect(page.getByRole('heading', { name: 'Test sign-in: eng-saml' })).toBeVisible();
  await expect.poll(() => keyhaven.host.openedUrls.length).toBe(opened + 1);
  const idp = await context.newPage();
  await idp.goto(keyhaven.host.openedUrls[opened]!);
  await idp.getByLabel('Email').fill(bob.email);
  await idp.getByLabel('Password').fill(bob.password);
  await idp.getByRole('button', { name: /sign in/i }).click();
  await expect(idp.getByRole('heading', { name: 'Test sign-in finished' })).toBeVisible();
  await idp.close();

  await expect(page.getByRole('heading', { name: 'Test sign-in result: eng-saml' })).toBeVisible();
  await expect(page.getByText('Every check passed')).toBeVisible();
  const checks = page.getByRole('table', { name: 'Checks' });
  for (const name of ['Signature', 'Issuer', 'Audience', 'Destination', 'Recipient', 'InResponseTo', 'Time window (clock skew)', 'Replay', 'Email domain', 'Just-in-time placement']) {
    await expect(checks.getByRole('row', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')} Passed`) })).toBeVisible();
  }
  await expect(page.getByRole('definition').filter({ hasText: 'Engineering · Engineer (new person, JIT)' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Attributes the identity provider sent' })).toBeVisible();
  await checkScreen(page, 'admin-test-sign-in-saml');

  // OIDC: the IdP still knows Erin, so it answers for her at once; her address is outside eng-oidc's domains.
  await page.getByRole('button', { name: 'Test sign-in with eng-oidc' }).click();
  await expect.poll(() => keyhaven.host.openedUrls.length).toBe(opened + 2);
  const oidc = await context.newPage();
  await oidc.goto(keyhaven.host.openedUrls[opened + 1]!);
  await expect(oidc.getByRole('heading', { name: 'Test sign-in finished' })).toBeVisible();
  await oidc.close();
  await expect(page.getByRole('heading', { name: 'Test sign-in result: eng-oidc' })).toBeVisible();
  await expect(page.getByText('1 check failed')).toBeVisible();
  await expect(checks.getByRole('row', { name: /^Email domain Failed email_domain_not_allowed/ })).toBeVisible();
  for (const name of ['State', 'Code exchange (PKCE)', 'ID token', 'Nonce', 'Audience']) {
    await expect(checks.getByRole('row', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')} Passed`) })).toBeVisible();
  }
  const claims = page.getByRole('table', { name: 'Claims of the ID token' });
  await expect(claims.getByRole('row', { name: `email ${erin.email}` })).toBeVisible();
  await checkScreen(page, 'admin-test-sign-in-oidc');

  // Nobody was provisioned by the tests, and Erin is still signed in.
  expect((await keyhaven.scimUsers()).map((u) => u.userName)).toEqual([erin.email]);
  await page.getByRole('button', { name: 'Close the test result' }).click();

  // A test left waiting can be given up; its answer would then reach nobody.
  await page.getByRole('button', { name: 'Test sign-in with it-oidc' }).click();
  await expect.poll(() => keyhaven.host.openedUrls.length).toBe(opened + 3);
  await expect(page.getByRole('button', { name: 'Test sign-in with it-oidc' })).toBeDisabled();
  await page.getByRole('button', { name: 'Cancel the test' }).click();
  await expect(page.getByRole('alert')).toHaveAttribute('data-code', 'sign_in_cancelled');
  await page.getByRole('button', { name: 'Close the test result' }).click();
  await expect(page.getByRole('button', { name: 'Test sign-in with it-oidc' })).toBeEnabled();
  const events = await fetch(`${keyhaven.backendUrl}/v1/admin/events?type=connection.tested`, { headers: { authorization: `Bearer ${keyhaven.adminToken}` } });
  expect(((await events.json()) as { events: { reason: string | null }[] }).events.map((e) => e.reason)).toEqual(['email_domain_not_allowed', null]);
});
