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
    // A test may restart the app (same data folder): teardown closes whichever host runs last.
    let running = await startKeyhaven(keyhavenOptions);
    const followRestarts = (keyhaven: Keyhaven): Keyhaven => ({
      ...keyhaven,
      async restart() {
        running = followRestarts(await keyhaven.restart());
        return running;
      },
    });
    try {
      await use(followRestarts(running));
    } finally {
      // The session leaves the OS keychain with the test, as a person's sign-out would take it.
      await signOutThroughApp(running);
      await running.close();
    }
  },
  // A window of the app as the test started it (after a restart, open one with openAppWindow).
  app: async ({ keyhaven }, use) => {
    await use(await openAppWindow(keyhaven));
  },
});
