import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (no browser download) against the web host, which
 * runs main's real services in plain Node. Specs get their web host, IdPs, data folder and
 * keychain entries from the fixture in test/e2e/support/fixture.ts: one per test, or one per
 * describe block where a file shares it (`shareKeyhaven`).
 */
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  // Two files at a time, each file's tests in order: much of a test is waiting (timers, the
  // IdPs, the push channel), and no two files share a web host, data folder, ports or keychain
  // entries.
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    headless: true,
    screenshot: 'only-on-failure',
    // No trace: recording one for every test (which 'retain-on-failure' does too, to keep only the
    // failures') takes CPU the tests need on two cores; a failure still leaves its screenshot and
    // the list output.
    trace: 'off',
    // The spinner stops turning (styles.css honours the preference): nothing repaints while a
    // test waits on an IdP or a timer.
    contextOptions: { reducedMotion: 'reduce' },
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
