import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log/logger';
import { createPushHub, type PushSubscriber } from '../../../main/backend/push/push-hub';
import { insertPushEvent, type PushEvent } from '../../../main/backend/push/push-events';
import { openStore } from '../../../main/backend/store/open-store';
import type { Store } from '../../../main/backend/store/store';

const opened: { store: Store; dir: string }[] = [];
afterEach(async () => {
  for (const { store, dir } of opened.splice(0)) {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
});

async function freshStore(): Promise<Store> {
  const dir = await mkdtemp(path.join(tmpdir(), 'keyhaven-push-hub-'));
  const store = await openStore(path.join(dir, 'backend.sqlite'));
  opened.push({ store, dir });
  return store;
}

function subscriber(userId: string, onSend: (e: PushEvent) => void = () => undefined) {
  const got: PushEvent[] = [];
  const s: PushSubscriber = {
    userId,
    deviceId: null,
    tokenHash: 'unused',
    send: (e) => {
      got.push(e);
      onSend(e);
    },
    end: () => undefined,
    drop: () => undefined,
  };
  return { s, got };
}

/** The push hub over a real SQLite store, its timer an hour apart: only nudges deliver. */
describe('push hub: nudged rounds', () => {
  it('a nudge delivers the events committed before it', async () => {
    const store = await freshStore();
    const hub = createPushHub({ db: store.kysely, now: () => new Date(), logger: createLogger({ level: 'silent' }), tickMs: 3_600_000 });
    try {
      const alice = subscriber('alice');
      await hub.subscribe(alice.s);
      await insertPushEvent(store.kysely, { userId: 'alice', type: 'devices.changed', payload: { n: '1' }, at: new Date() });
      hub.nudge();
      await expect.poll(() => alice.got.map((e) => e.payload.n), { timeout: 5000, interval: 10 }).toEqual(['1']);
    } finally {
      hub.close();
    }
  });

  it('a nudge during a round runs one more round after it, which delivers what was committed meanwhile', async () => {
    const store = await freshStore();
    const hub = createPushHub({ db: store.kysely, now: () => new Date(), logger: createLogger({ level: 'silent' }), tickMs: 3_600_000 });
    try {
      let inserted = false;
      // While the round delivers the first event (it has read its rows), a second change commits and nudges.
      const alice = subscriber('alice', () => {
        if (inserted) return;
        inserted = true;
        void insertPushEvent(store.kysely, { userId: 'alice', type: 'devices.changed', payload: { n: '2' }, at: new Date() });
        hub.nudge();
      });
      await hub.subscribe(alice.s);
      await insertPushEvent(store.kysely, { userId: 'alice', type: 'devices.changed', payload: { n: '1' }, at: new Date() });
      hub.nudge();
      await expect.poll(() => alice.got.map((e) => e.payload.n), { timeout: 5000, interval: 10 }).toEqual(['1', '2']);
    } finally {
      hub.close();
    }
  });

  it('does nothing for an instance with no app connected', async () => {
    const queries: string[] = [];
    const dir = await mkdtemp(path.join(tmpdir(), 'keyhaven-push-hub-'));
    const store = await openStore(path.join(dir, 'backend.sqlite'), { onQuery: (sql) => queries.push(sql) });
    opened.push({ store, dir });
    const hub = createPushHub({ db: store.kysely, now: () => new Date(), logger: createLogger({ level: 'silent' }), tickMs: 3_600_000 });
    try {
      queries.length = 0;
      hub.nudge();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(queries).toEqual([]);
    } finally {
      hub.close();
    }
  });
});
