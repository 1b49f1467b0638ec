import { test as base, type BrowserContext, type Page } from '@playwright/test';
import type { DemoEnvironment } from '../../../main/demo/demo-environment';
import type { KeyhavenApi } from '../../../preload/contract';
import { openAppWindow, signOutThroughApp } from './app-window';
import { startSecondApp, type SecondAppOptions } from './devices';
import { startKeyhaven, startStandaloneIdps, type Keyhaven, type KeyhavenOptions } from './keyhaven';
import { launchApp, type LaunchedApp } from './launch';

export { expect } from '@playwright/test';

export interface KeyhavenFixtureOptions extends Omit<KeyhavenOptions, 'idps'> {
  /** The demo IdPs run beside the host instead of inside it, so they outlive its restarts (hidden start). */
  readonly standaloneIdps?: boolean;
}

interface KeyhavenFixtures {
  keyhavenOptions: KeyhavenFixtureOptions;
  keyhaven: Keyhaven;
  app: KeyhavenApi;
  secondApp: (options?: SecondAppOptions) => Promise<Keyhaven>;
  launch: (command: readonly string[], options: { env?: NodeJS.ProcessEnv; timeout: number }) => Promise<LaunchedApp>;
}

/** `keyhaven` itself and, after each restart, the host that replaced it: `current` is the one running. */
function followRestarts(keyhaven: Keyhaven, current: { running: Keyhaven | null }): Keyhaven {
  current.running = keyhaven;
  return { ...keyhaven, restart: async (changes) => followRestarts(await keyhaven.restart(changes), current) };
}

/**
 * The setup every end-to-end spec shares, each part started when a test asks for it and
 * stopped after it:
 * - `keyhaven`: the web host on a fresh data folder with the demo IdPs, or the tenant and
 *   options `test.use({ keyhavenOptions })` names. A test may `keyhaven.restart(changes)` (same
 *   data folder; e.g. another tenant, a hidden start): teardown signs out and closes whichever
 *   host runs last.
 * - `app`: another window of that app, calling main through the same contract as the page does,
 *   for what a test checks beside the screen (the web host's loopback transport, never main's
 *   objects).
 * - `secondApp()`: another installation ("another computer") against the same backend.
 * - `launch(command)`: `npm start` or the web host's CLI as a person runs them (support/launch.ts).
 * Tests that leave the app as they found it can share one host per describe block: shareKeyhaven.
 */
export const test = base.extend<KeyhavenFixtures>({
  keyhavenOptions: [{}, { option: true }],
  keyhaven: async ({ keyhavenOptions }, use) => {
    const { standaloneIdps, ...options } = keyhavenOptions;
    const idps: DemoEnvironment | undefined = standaloneIdps ? await startStandaloneIdps(options.spec) : undefined;
    const current: { running: Keyhaven | null } = { running: null };
    try {
      await use(followRestarts(await startKeyhaven({ ...options, ...(idps ? { idps } : {}) }), current));
    } finally {
      if (current.running) {
        // The session leaves the OS keychain with the test, as a person's sign-out would take it.
        await signOutThroughApp(current.running);
        await current.running.close();
      }
      await idps?.close();
    }
  },
  // A window of the app as the test started it (after a restart, open one with openAppWindow).
  app: async ({ keyhaven }, use) => {
    await use(await openAppWindow(keyhaven));
  },
  secondApp: async ({ keyhaven }, use) => {
    const started: { running: Keyhaven | null }[] = [];
    await use(async (options) => {
      const current: { running: Keyhaven | null } = { running: null };
      const app = followRestarts(await startSecondApp(keyhaven, options), current);
      started.push(current);
      return app;
    });
    for (const { running } of started.reverse()) await running?.close();
  },
  launch: async ({}, use) => {
    const launched: (() => Promise<void>)[] = [];
    await use(async (command, options) => {
      const app = await launchApp(command, options);
      launched.push(app.stop);
      return app;
    });
    for (const stop of launched.reverse()) await stop();
  },
});

/**
 * One host for every test of the describe block this is called in (started before the first,
 * signed out and closed after the last), for tests that each leave it as the next one expects:
 * it saves a host start per test. `prepare`, run once in a browser context of its own, brings it
 * to the state every test starts from (e.g. signed in with an open vault).
 */
export function shareKeyhaven(options: KeyhavenOptions = {}, prepare?: (page: Page, context: BrowserContext, keyhaven: Keyhaven) => Promise<void>): void {
  let shared: Keyhaven | undefined;
  test.beforeAll(async ({ browser }) => {
    shared = await startKeyhaven(options);
    if (!prepare) return;
    const context = await browser.newContext();
    try {
      await prepare(await context.newPage(), context, shared);
    } finally {
      await context.close();
    }
  });
  test.afterAll(async () => {
    if (!shared) return;
    await signOutThroughApp(shared);
    await shared.close();
  });
  test.use({
    keyhaven: async ({}, use) => {
      if (!shared) throw new Error('the shared host did not start');
      await use(shared);
    },
  });
}
