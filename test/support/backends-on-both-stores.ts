import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { DemoOidcIdp } from '../../main/demo/oidc-idp';
import { startTestPostgres, type TestPostgres } from './postgres';
import { startTestBackend, type TestBackend } from './test-backend';

type Backends<N extends 1 | 2> = N extends 1 ? [TestBackend] : [TestBackend, TestBackend];

export interface BackendsOnBothStores {
  /** The issuer of the IdP started for this file, for the tenant's YAML. */
  issuer(): string;
  /**
   * `count` backend instances on one fresh database of `store` (a new SQLite file, or a new
   * database on this file's PostgreSQL server), sharing one secret key as the instances of one
   * deployment do; all closed once `run` settles.
   */
  withBackends<N extends 1 | 2, T>(store: 'sqlite' | 'postgres', count: N, run: (backends: Backends<N>) => Promise<T>): Promise<T>;
}

/**
 * What the tests that race several backend instances on one database share: one IdP and one
 * private PostgreSQL server for the whole file (started in `beforeAll`, stopped in `afterAll`),
 * and instances of the file's tenant on SQLite or PostgreSQL. Call it inside `describe`.
 */
export function useBackendsOnBothStores(o: { startIdp: () => Promise<DemoOidcIdp>; yaml: (issuer: string) => string }): BackendsOnBothStores {
  let idp: DemoOidcIdp | null = null;
  let pg: TestPostgres | null = null;
  let databases = 0;
  const dirs: string[] = [];
  beforeAll(async () => {
    idp = await o.startIdp();
    pg = await startTestPostgres();
  }, 60_000);
  afterAll(async () => {
    await idp?.close();
    await pg?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function freshDatabase(store: 'sqlite' | 'postgres'): Promise<string> {
    databases += 1;
    if (store === 'postgres') {
      if (pg === null) throw new Error('PostgreSQL has not started');
      return pg.createDatabase(`race_${process.pid}_${databases}`);
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-race-'));
    dirs.push(dir);
    return path.join(dir, 'backend.sqlite');
  }

  const issuer = (): string => {
    if (idp === null) throw new Error('the IdP has not started');
    return idp.issuer;
  };

  return {
    issuer,
    async withBackends(store, count, run) {
      const db = await freshDatabase(store);
      const secretKey = randomBytes(32);
      const backends: TestBackend[] = [];
      try {
        for (let i = 0; i < count; i += 1) backends.push(await startTestBackend({ yaml: o.yaml(issuer()), db, secretKey }));
        return await run(backends as Parameters<typeof run>[0]);
      } finally {
        for (const b of backends) await b.close();
      }
    },
  };
}
