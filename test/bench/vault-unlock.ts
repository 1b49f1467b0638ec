import { createDecipheriv, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { encryptRecord, applyRemote, openSession, liveRecords } from '../../main/vault/vault-session';
import { benchRecords } from './vault-records-for-bench';
import { median, round, type VaultBenchFigure } from './vault-bench-figure';

const RECORDS = 10_000;
const RUNS = 5;

/**
 * vault-unlock-10k: what unlock does after the GET — unwrap 10,000 record keys, decrypt and
 * validate 10,000 records into the session — against bare node:crypto AES-256-GCM decrypts of
 * the same ciphertexts (key + body, no parsing) in the same run.
 */
export async function benchVaultUnlock(): Promise<VaultBenchFigure> {
  const dataKey = randomBytes(32);
  const rows = benchRecords(RECORDS).map((record) => ({ id: record.id, revision: 1, deleted: false, envelope: encryptRecord(dataKey, record) }));

  const ours = (): number => {
    const start = performance.now();
    const session = openSession({ dataKey: Buffer.from(dataKey), privateKey: Buffer.alloc(0), publicKey: '', deviceId: 'bench', revision: 1 });
    for (const row of rows) applyRemote(session, row);
    if (liveRecords(session).length !== RECORDS) throw new Error('bench: not every record decrypted');
    return performance.now() - start;
  };

  const parts = rows.map((row) => row.envelope.split('~').map((half) => half.split('.').slice(2).map((p) => Buffer.from(p, 'base64url'))));
  const aad = rows.map((row) => [
    Buffer.from(JSON.stringify(['kh1', 'a256gcm', 'record-key', row.id])),
    Buffer.from(JSON.stringify(['kh1', 'a256gcm', 'record', row.id])),
  ]);
  const bare = (): number => {
    const start = performance.now();
    parts.forEach(([keyHalf, bodyHalf], i) => {
      const recordKey = gcmOpen(dataKey, keyHalf!, aad[i]![0]!);
      gcmOpen(recordKey, bodyHalf!, aad[i]![1]!);
    });
    return performance.now() - start;
  };

  ours();
  bare();
  const oursMs: number[] = [];
  const bareMs: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    oursMs.push(ours());
    bareMs.push(bare());
  }
  return {
    name: 'vault-unlock-10k',
    figure: round(median(oursMs), 1),
    unit: 'ms',
    baseline: round(median(bareMs), 1),
    baselineUnit: 'ms bare node:crypto AES-256-GCM decrypts',
    detail: { records: RECORDS, runs: RUNS },
  };
}

function gcmOpen(key: Buffer, [nonce, ciphertext, tag]: Buffer[], aad: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, nonce!);
  d.setAAD(aad);
  d.setAuthTag(tag!);
  return Buffer.concat([d.update(ciphertext!), d.final()]);
}
