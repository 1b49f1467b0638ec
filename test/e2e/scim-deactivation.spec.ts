import { expect, test } from './support/fixture';
import { demoPassword, signInThroughIdp, type Keyhaven } from './support/keyhaven';
import { scimUser } from './support/sso';
import { addRecord, expectVaultOpen, listItem, signInAndOnboard } from './support/vault';

const EMAIL = 'alice@oidc.demo.keyhaven.test';

/** A PATCH of `active` exactly as Microsoft Entra ID sends it: capitalised op, string boolean. */
async function entraSetActive(keyhaven: Keyhaven, userId: string, active: 'True' | 'False'): Promise<void> {
  const res = await fetch(`${keyhaven.backendUrl}/scim/v2/Users/${encodeURIComponent(userId)}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${keyhaven.adminToken}`, 'content-type': 'application/scim+json' },
    body: JSON.stringify({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: active }],
    }),
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { active: boolean }).active).toBe(active === 'True');
}

test('a user deactivated by SCIM is signed out of the running app at once, and reactivation finds the vault intact', async ({ page, context, browser, keyhaven }) => {
  await signInAndOnboard(page, context, keyhaven, EMAIL);
  await addRecord(page, { title: 'Payroll portal', username: 'alice', password: 'kept-through-deactivation-1', website: 'https://payroll.example' });
  await expect(listItem(page, 'Payroll portal')).toBeVisible();
  const user = await scimUser(keyhaven, EMAIL);
  expect(user).not.toBeNull();

  await entraSetActive(keyhaven, user!.id, 'False');

  // Told over the push channel, not at the app's next call.
  await expect(page.getByRole('heading', { name: 'Sign in to Keyhaven' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('Your account was deactivated by your administrator');
  await expect(page.getByRole('button', { name: 'New item' })).toHaveCount(0);

  await entraSetActive(keyhaven, user!.id, 'True');

  // A fresh browser profile for the IdP, so its earlier session does not skip the form.
  const idpContext = await browser.newContext();
  try {
    const idpPage = await signInThroughIdp(page, idpContext, keyhaven, EMAIL, demoPassword(EMAIL));
    await idpPage.close();
  } finally {
    await idpContext.close();
  }
  await expectVaultOpen(page);
  await expect(listItem(page, 'Payroll portal')).toBeVisible();
});
