import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/**
 * oidc-provider storage for one demo IdP instance (its own Map, not a module-level one, so
 * several IdPs can run in one process). Entries expire on read.
 */
export function createMemoryAdapterClass(): new (name: string) => Adapter {
  const entries = new Map<string, Entry>();
  const live = (key: string): Entry | undefined => {
    const e = entries.get(key);
    if (e && e.expiresAt <= Date.now()) {
      entries.delete(key);
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
      entries.set(this.key(id), { payload, expiresAt: Date.now() + (expiresIn > 0 ? expiresIn * 1000 : 3_600_000) });
    }
    async find(id: string): Promise<AdapterPayload | undefined> {
      return live(this.key(id))?.payload;
    }
    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return [...entries.keys()].map((k) => live(k)?.payload).find((p) => p?.userCode === userCode);
    }
    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return [...entries.keys()].filter((k) => k.startsWith(`${this.name}:`)).map((k) => live(k)?.payload).find((p) => p?.uid === uid);
    }
    async consume(id: string): Promise<void> {
      const e = live(this.key(id));
      if (e) e.payload = { ...e.payload, consumed: Math.floor(Date.now() / 1000) };
    }
    async destroy(id: string): Promise<void> {
      entries.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string): Promise<void> {
      for (const [k, e] of entries) if (e.payload.grantId === grantId) entries.delete(k);
    }
  };
}
