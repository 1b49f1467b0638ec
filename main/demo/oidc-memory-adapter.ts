import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/**
 * oidc-provider storage for one demo IdP instance (its own Map, not a module-level one, so
 * several IdPs can run in one process). Entries expire on read.
 *
 * Every code exchange looks its browser session up by uid (oidc-provider's session binding):
 * an index from uid to entry keeps that lookup from scanning every entry the IdP ever stored,
 * which made each exchange slower than the last.
 */
export function createMemoryAdapterClass(): new (name: string) => Adapter {
  const entries = new Map<string, Entry>();
  const keyByUid = new Map<string, string>();
  const uidKey = (name: string, uid: unknown): string | undefined => (typeof uid === 'string' ? `${name}:${uid}` : undefined);
  const forget = (key: string, e: Entry | undefined): void => {
    entries.delete(key);
    const indexed = e === undefined ? undefined : uidKey(key.slice(0, key.indexOf(':')), e.payload.uid);
    if (indexed !== undefined && keyByUid.get(indexed) === key) keyByUid.delete(indexed);
  };
  const live = (key: string): Entry | undefined => {
    const e = entries.get(key);
    if (e && e.expiresAt <= Date.now()) {
      forget(key, e);
      return undefined;
    }
    return e;
  };
  return class MemoryAdapter implements Adapter {
    constructor(private readonly name: string) {}
    private key(id: string): string {
      return `${this.name}:${id}`;
    }
    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      const key = this.key(id);
      forget(key, entries.get(key));
      entries.set(key, { payload, expiresAt: Date.now() + (expiresIn > 0 ? expiresIn * 1000 : 3_600_000) });
      const indexed = uidKey(this.name, payload.uid);
      if (indexed !== undefined) keyByUid.set(indexed, key);
    }
    async find(id: string): Promise<AdapterPayload | undefined> {
      return live(this.key(id))?.payload;
    }
    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return [...entries.keys()].map((k) => live(k)?.payload).find((p) => p?.userCode === userCode);
    }
    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const key = keyByUid.get(`${this.name}:${uid}`);
      return key === undefined ? undefined : live(key)?.payload;
    }
    async consume(id: string): Promise<void> {
      const e = live(this.key(id));
      if (e) e.payload = { ...e.payload, consumed: Math.floor(Date.now() / 1000) };
    }
    async destroy(id: string): Promise<void> {
      const key = this.key(id);
      forget(key, entries.get(key));
    }
    async revokeByGrantId(grantId: string): Promise<void> {
      for (const [k, e] of entries) if (e.payload.grantId === grantId) forget(k, e);
    }
  };
}
