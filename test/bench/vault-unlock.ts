import { createDecipheriv, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { encryptRecord, applyRemote, openSession, liveRecords } from '../../main/vault/vault-session';
import { benchRecords } from './vault-records-for-bench';
import { median, round, type VaultBenchFigure } from './vault-bench-figure';

const RECORDS = 10_000;
/** Rounds of (ours, baseline): on a shared two-core machine one round's ratio can be off by 2x. */
const ROUNDS = 15;

interface Cost {
  readonly wallMs: number;
  /** The whole process (every thread, V8's garbage collection helpers included). */
  readonly cpuMs: number;
}

/**
 * vault-unlock-10k: what unlock does after the GET — unwrap 10,000 record keys, decrypt and
 * validate 10,000 records into the session — against bare node:crypto AES-256-GCM decrypts of
 * the same ciphertexts (key + body, no parsing) in the same run.
 *
 * Beside them, a third side: the format's least work with no check (see `floor`), printed as
 * its own ratio to the baseline: the part of the line no unlock of this format can go under.
 *
 * The sides run in turns, the order rotated every round (so none always runs after another's
 * garbage), and each figure is the median of its rounds: wall time for the line, CPU time
 * beside it, which another job on the machine disturbs much less.
 */
export async function benchVaultUnlock(): Promise<VaultBenchFigure> {
  const dataKey = randomBytes(32);
  const rows = benchRecords(RECORDS).map((record) => ({ id: record.id, revision: 1, deleted: false, envelope: encryptRecord(dataKey, record) }));

  const ours = (): void => {
    const session = openSession({ dataKey: Buffer.from(dataKey), privateKey: Buffer.alloc(0), publicKey: '', deviceId: 'bench', revision: 1 });
    for (const row of rows) applyRemote(session, row);
    if (liveRecords(session).length !== RECORDS) throw new Error('bench: not every record decrypted');
  };

  const parts = rows.map((row) => row.envelope.split('~').map((half) => half.split('.').slice(2).map((p) => Buffer.from(p, 'base64url'))));
  const aad = rows.map((row) => [
    associatedData('record-key', row.id),
    associatedData('record', row.id),
  ]);
  const bare = (): void => {
    parts.forEach(([keyHalf, bodyHalf], i) => {
      const recordKey = gcmOpen(dataKey, keyHalf!, aad[i]![0]!);
      gcmOpen(recordKey, bodyHalf!, aad[i]![1]!);
    });
  };
  // The least any reader of this text format must do, with no check at all: cut the envelope's
  // six base64url parts at their fixed offsets and decode them, write the two associated data,
  // both decrypts, JSON.parse. What the baseline does before its clock starts is inside this
  // one's; the app does all of it and checks besides (the alphabet and canonical form, the record
  // schema, the record's id) and keeps each record in the session.
  const floor = (): void => {
    const opened: unknown[] = [];
    for (const { id, envelope: e } of rows) {
      const b = (from: number, to: number): Buffer => Buffer.from(e.slice(from, to), 'base64url');
      const recordKey = gcmOpen(dataKey, [b(12, 28), b(29, 72), b(73, 95)], associatedData('record-key', id));
      const body = [b(108, 124), b(125, e.length - 23), b(e.length - 22, e.length)];
      opened.push(JSON.parse(gcmOpen(recordKey, body, associatedData('record', id)).toString('utf8')));
    }
    if (opened.length !== RECORDS) throw new Error('bench: not every record opened');
  };

  // A full collection before each timed run: otherwise the 10,000 records that the previous run
  // left behind are collected inside whichever run comes next, on either side.
  setFlagsFromString('--expose-gc');
  const collectGarbage = runInNewContext('gc') as () => void;
  const sides = [
    { run: ours, costs: [] as Cost[] },
    { run: bare, costs: [] as Cost[] },
    { run: floor, costs: [] as Cost[] },
  ];
  for (const side of sides) side.run();
  for (let i = 0; i < ROUNDS; i += 1) {
    // Each side goes first, second and third in turn.
    for (let k = 0; k < sides.length; k += 1) {
      const side = sides[(i + k) % sides.length]!;
      side.costs.push(measure(side.run, collectGarbage));
    }
  }
  const [oursCost, bareCost, floorCost] = sides.map((side) => side.costs) as [Cost[], Cost[], Cost[]];
  const cpu = median(oursCost.map((c) => c.cpuMs));
  const bareCpu = median(bareCost.map((c) => c.cpuMs));
  const floorWall = median(floorCost.map((c) => c.wallMs));
  const bareWall = median(bareCost.map((c) => c.wallMs));
  return {
    name: 'vault-unlock-10k',
    figure: round(median(oursCost.map((c) => c.wallMs)), 1),
    unit: 'ms',
    baseline: round(bareWall, 1),
    baselineUnit: 'ms bare node:crypto AES-256-GCM decrypts',
    detail: { records: RECORDS, rounds: ROUNDS, cpuMs: round(cpu, 1), baselineCpuMs: round(bareCpu, 1), cpuRatio: round(cpu / bareCpu, 2), floorMs: round(floorWall, 1), floorRatio: round(floorWall / bareWall, 2) },
  };
}

function measure(run: () => void, collectGarbage: () => void): Cost {
  collectGarbage();
  const cpu = process.cpuUsage();
  const start = performance.now();
  run();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/** A record half's associated data as the format defines it (written here, not taken from the app). */
function associatedData(purpose: 'record-key' | 'record', recordId: string): Buffer {
  return Buffer.from(JSON.stringify(['kh1', 'a256gcm', purpose, recordId]));
}

function gcmOpen(key: Buffer, [nonce, ciphertext, tag]: Buffer[], aad: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, nonce!);
  d.setAAD(aad);
  d.setAuthTag(tag!);
  return Buffer.concat([d.update(ciphertext!), d.final()]);
}
