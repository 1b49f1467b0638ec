import { test as base } from '@playwright/test';
import type { RuntimeServices } from '../../../main/ipc/runtime-services';
import { startKeyhaven, type Keyhaven } from './keyhaven';

export { expect } from '@playwright/test';

type KeyhavenOptions = NonNullable<Parameters<typeof startKeyhaven>[0]>;

/**
 * The setup every end-to-end spec shares: the web host on a fresh data folder with the demo
 * IdPs (or the tenant `test.use({ keyhavenOptions })` names), closed after the test; `services`
 * is main's services of that host, for what a test checks behind the UI.
 */
export const test = base.extend<{ keyhavenOptions: KeyhavenOptions; keyhaven: Keyhaven; services: RuntimeServices }>({
  keyhavenOptions: [{}, { option: true }],
  keyhaven: async ({ keyhavenOptions }, use) => {
    const keyhaven = await startKeyhaven(keyhavenOptions);
    try {
      await use(keyhaven);
    } finally {
      await keyhaven.close();
    }
  },
  services: async ({ keyhaven }, use) => {
    await use(keyhaven.host.runtime.services);
  },
});
