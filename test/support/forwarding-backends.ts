import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import type { StoreTarget } from './store-targets';
import { startTestBackend, type TestBackend } from './test-backend';

export interface ForwardingBackends {
  /** A backend on `db` for `yaml`, polling its outbox every 100 ms, with a secret key of its own. */
  start(db: string, yaml: string, o?: { subscriptionRefreshMs?: number }): Promise<TestBackend>;
  /** Closes `resource` (a receiver) once the block is done, after every backend. */
  closeAtEnd<T extends { close(): Promise<void> }>(resource: T): T;
}

/**
 * What the tests of event forwarding (webhooks, syslog) share for a describe block on one store:
 * the target set up in `beforeAll`; in `afterAll` every backend started closed, then the
 * receivers, then the target torn down.
 */
export function useForwardingBackends(target: StoreTarget): ForwardingBackends {
  const backends: TestBackend[] = [];
  const resources: { close(): Promise<void> }[] = [];
  beforeAll(() => target.setup());
  afterAll(async () => {
    for (const b of backends) await b.close();
    for (const r of resources) await r.close();
    await target.teardown();
  });
  return {
    async start(db, yaml, o = {}) {
      const b = await startTestBackend({ yaml, db, webhookPollMs: 100, secretKey: randomBytes(32), ...o });
      backends.push(b);
      return b;
    },
    closeAtEnd(resource) {
      resources.push(resource);
      return resource;
    },
  };
}
