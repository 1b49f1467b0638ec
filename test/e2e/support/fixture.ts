import { test as base } from '@playwright/test';
import type { KeyhavenApi } from '../../../preload/contract';
import { openAppWindow, signOutThroughApp } from './app-window';
import { startKeyhaven, type Keyhaven } from './keyhaven';

export { expect } from '@playwright/test';

type KeyhavenOptions = NonNullable<Parameters<typeof startKeyhaven>[0]>;

/**
 * The setup every end-to-end spec shares: the web host on a fresh data folder with the demo
 * IdPs (or the tenant `test.use({ keyhavenOptions })` names), closed after the test. `app` is
 * another window of that app, calling main through the same contract as the page does, for what
 * a test checks beside the screen (the web host's loopback transport, never main's objects).
 */
export const test = base.extend<{ keyhavenOptions: KeyhavenOptions; keyhaven: Keyhaven; app: KeyhavenApi }>({
  keyhavenOptions: [{}, { option: true }],
  keyhaven: async ({ keyhavenOptions }, use) => {
    const keyhaven = await startKeyhaven(keyhavenOptions);
    try {
      await use(keyhaven);
    } finally {
      // The session leaves the OS keychain with the test, as a person's sign-out would take it.
      await signOutThroughApp(keyhaven);
      await keyhaven.close();
    }
  },
  app: async ({ keyhaven }, use) => {
    await use(await openAppWindow(keyhaven));
  },
});
