import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../../../main/backend/store/open-store';
import type { Store, TwoFactorRepo } from '../../../main/backend/store/store';

export interface TwoFactorDatabase {
  readonly store: Store;
  readonly repository: TwoFactorRepo;
  /** Raw access to the SQLite file, to look at what is really stored. */
  readonly raw: BetterSqlite3.Database;
  addUser(id: string, email?: string): Promise<void>;
  close(): Promise<void>;
}

/** The backend's store on a real SQLite file, with every migration. */
export async function openTwoFactorDatabase(): Promise<TwoFactorDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'keyhaven-2fa-'));
  const file = join(dir, 'backend.sqlite');
  const store = await openStore(file);
  const raw = new BetterSqlite3(file, { readonly: true });
  return {
    store,
    repository: store.twoFactor,
    raw,
    async addUser(id, email = `${id}@acme.test`) {
      await store.users.insertIfAbsent({ id, email, node: 'Acme Corp', role: 'Employee', connectionId: null, now: new Date() });
    },
    async close() {
      raw.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
