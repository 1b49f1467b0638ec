import { expect, test } from '@playwright/test';
import { startKeyhaven } from './support/keyhaven';
import { QUIET_DOMAIN, onboardingTenant, signInAs } from './support/onboarding';

test('probe: second user of one device', async ({ page, context }) => {
  const kh = await startKeyhaven({ spec: onboardingTenant() });
  try {
    for (const name of ['ann', 'ben']) {
      await signInAs(page, context, kh, `${name}@${QUIET_DOMAIN}`);
      await page.getByRole('button', { name: 'Create my vault' }).click();
      await page.waitForTimeout(3000);
      console.log(name, 'me.deviceId', (await kh.host.runtime.services.backend.call<{ deviceId: string }>('GET', '/v1/me', kh.host.runtime.services.sessions.active().token)).deviceId);
      console.log(name, 'alert:', await page.getByRole('alert').allInnerTexts(), 'folders:', await page.getByRole('heading', { name: 'Folders' }).count());
      await kh.host.runtime.services.sessions.signOut();
    }
  } finally {
    await kh.close();
  }
  expect(true).toBe(true);
});
