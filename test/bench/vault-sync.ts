import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { createApiClient } from '../../main/api/api-client';
import { createHttpVaultApi } from '../../main/vault/api/http-vault-api';
import { pullChanges } from '../../main/vault/record-sync';
import { encryptRecord, liveRecords, openSession } from '../../main/vault/vault-session';
import { startVaultSyncFixture } from '../support/vault-sync-fixture';
import { median, round, type VaultBenchFigure } from './vault-bench-figure';
import { benchRecords } from './vault-records-for-bench';

const RECORDS = 50_000;
const RUNS = 3;

/**
 * vault-sync-50k: a device's first sync of a 50,000-record vault — the backend's query and
 * answer (GET /v1/vault over loopback HTTP on the embedded SQLite store), the transfer, the
 * client's schema check of the answer and the decryption of every record into the session —
 * against a bare SELECT of the same rows (better-sqlite3 on the same file) in the same run.
 */
export async function benchVaultSync(): Promise<VaultBenchFigure> {
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-vault-sync-'));
  const file = path.join(dir, 'sync.sqlite');
  const fixture = await startVaultSyncFixture({ db: file });
  try {
    const dataKey = randomBytes(32);
    await fixture.addRecords(benchRecords(RECORDS).map((record) => ({ id: record.id, envelope: encryptRecord(dataKey, record) })));
    const api = createHttpVaultApi({ client: createApiClient({ baseUrl: fixture.url }), sessionToken: fixture.session });

    const ours = async (): Promise<number> => {
      const start = performance.now();
      const session = openSession({ dataKey: Buffer.from(dataKey), privateKey: Buffer.alloc(0), publicKey: '', deviceId: fixture.deviceId, revision: 0 });
      await pullChanges(api, session);
      const ms = performance.now() - start;
      if (liveRecords(session).length !== RECORDS) throw new Error('bench: not every record synced');
      return ms;
    };
    const sqlite = new BetterSqlite3(file, { readonly: true });
    const select = sqlite.prepare('SELECT * FROM vault_records WHERE user_id = ? AND revision > ? ORDER BY revision, id');
    const bare = (): number => {
      const start = performance.now();
      const rows = select.all(fixture.userId, 0);
      const ms = performance.now() - start;
      if (rows.length !== RECORDS) throw new Error('bench: bare select missed rows');
      return ms;
    };

    await ours();
    bare();
    const oursMs: number[] = [];
    const bareMs: number[] = [];
    for (let i = 0; i < RUNS; i += 1) {
      oursMs.push(await ours());
      bareMs.push(bare());
    }
    sqlite.close();
    return {
      name: 'vault-sync-50k',
      figure: round(median(oursMs), 1),
      unit: 'ms',
      baseline: round(median(bareMs), 1),
      baselineUnit: 'ms bare SELECT of the same rows',
      detail: { records: RECORDS, runs: RUNS },
    };
  } finally {
    await fixture.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
