/**
 * 100,000-row LastPass import: our parse, then per record what the app's import does before it
 * stores (the vault's `saveMany` steps: the record fields, `prepareRecord`'s schema check and
 * stamps, and `encryptRecord`), batched by createImportJob as the app does, into a no-op store;
 * against a baseline of bare papaparse over the same CSV plus bare AES-256-GCM over the same
 * plaintext bytes. Five rounds of each, taking turns; the figures are medians, the peak memory
 * that of the first import, which runs before anything else.
 *
 * `npm run bench` runs this file in a process of its own (`benchImport100kInChild`), so the
 * peak memory it reports is the import's, not that of the benches that ran before it in the
 * same process. Run alone: `tsx test/bench/import-100k.ts` prints the figures as JSON.
 */
// The app's process settings, also when this file runs alone (`tsx test/bench/import-100k.ts`).
import './process-settings';
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import { lastpassFormat } from '../../main/import/formats/lastpass';
import { createImportJob } from '../../main/import/import-job';
import { IMPORT_BATCH_SIZE, vaultFields } from '../../main/import/import-service';
import type { ImportedRecord } from '../../main/import/imported-record';
import { prepareRecord } from '../../main/vault/prepare-record';
import { encryptRecord } from '../../main/vault/vault-session';
import { inFreshProcess } from './fresh-process';
import { median } from './vault-bench-figure';

const ROWS = 100_000;

export interface Import100kFigures {
  readonly ms: number;
  readonly baselineMs: number;
  /** CPU time of the process (all its threads) for ours and for the baseline: steadier than wall time on a shared machine. */
  readonly cpuMs: number;
  readonly baselineCpuMs: number;
  /** The process's peak resident set (the kernel's maxRSS) when the import has finished. */
  readonly peakRssMb: number;
  /** Its resident set just before the import started (Node, the modules, the CSV text). */
  readonly startRssMb: number;
}

export function makeLastPassCsv(rows: number): string {
  const lines = ['url,username,password,totp,extra,name,grouping,fav'];
  for (let i = 0; i < rows; i++) {
    if (i % 10 === 9) {
      lines.push(`http://sn,,,,"NoteType:Server\nHostname:host${i}.internal\nPassword:pw${i}\nNotes:line one\nline ""two""",Server ${i},Work\\Servers,0`);
    } else {
      const totp = i % 7 === 0 ? 'JBSWY3DPEHPK3PXP' : '';
      lines.push(`https://site${i}.example.com/login,user${i}@example.com,"p@ss,${i}""x",${totp},"note for ${i}",Site ${i} Café,Folder ${i % 50}\\Sub,${i % 2}`);
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}

const encoder = new TextEncoder();

function aesGcm(key: Buffer): (plaintext: Uint8Array) => Uint8Array {
  return (plaintext) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  };
}

/** Per record, what the vault's `saveMany` does with an imported record before it stores it. */
export function appSeal(): (id: string, record: ImportedRecord) => string {
  const dataKey = randomBytes(32);
  const now = new Date();
  return (id, record) => encryptRecord(dataKey, prepareRecord({ id, ...vaultFields(record) }, null, now, randomUUID));
}

/** Rounds of (ours, baseline); one round's ratio moved between 1.4x and 1.75x on a quiet machine. */
const ROUNDS = 5;

interface Cost {
  readonly ms: number;
  readonly cpuMs: number;
}

export async function benchImport100k(seal: (id: string, record: ImportedRecord) => Uint8Array | string): Promise<Import100kFigures> {
  const text = makeLastPassCsv(ROWS);
  const bytes = encoder.encode(text);
  const startRss = process.memoryUsage().rss;

  const ours = async (): Promise<Cost> => {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const result = await lastpassFormat.parse({ bytes });
    let stored = 0;
    const noopStore = (items: readonly { id: string; ciphertext: Uint8Array | string }[]): void => {
      stored += items.length;
    };
    for await (const batch of createImportJob(result, { batchSize: IMPORT_BATCH_SIZE })) {
      // As saveMany: the batch's records sealed one after the other, then stored together.
      noopStore(batch.records.map(({ id, record }) => ({ id, ciphertext: seal(id, record) })));
    }
    const cost = { ms: performance.now() - start, cpuMs: cpuMsSince(cpuStart) };
    if (stored !== ROWS || result.errors.length > 0) throw new Error(`bench import lost rows: ${stored}/${ROWS}, ${result.errors.length} errors`);
    return cost;
  };

  // The first import runs before anything else of the bench, so the kernel's peak resident set
  // (maxRSS, KiB: nothing between two samples is missed) is then the import's own.
  const oursCost: Cost[] = [await ours()];
  const peakRss = process.resourceUsage().maxRSS * 1024;

  // Plaintexts prepared outside the timed region: the baseline times only parse + cipher.
  const plaintexts = (await lastpassFormat.parse({ bytes })).records.map((r) => encoder.encode(JSON.stringify(r)));
  const baseEncrypt = aesGcm(randomBytes(32));
  const baseline = (): Cost => {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
    for (const p of plaintexts) baseEncrypt(p);
    const cost = { ms: performance.now() - start, cpuMs: cpuMsSince(cpuStart) };
    if (parsed.data.length !== ROWS + 1) throw new Error(`papaparse saw ${parsed.data.length} rows`);
    return cost;
  };
  const baselineCost: Cost[] = [baseline()];
  // Then turns, the side going first swapped each round; each figure is the median of its rounds.
  for (let round = 1; round < ROUNDS; round += 1) {
    if (round % 2 === 1) {
      baselineCost.push(baseline());
      oursCost.push(await ours());
    } else {
      oursCost.push(await ours());
      baselineCost.push(baseline());
    }
  }

  const mb = (bytes: number): number => Math.round(bytes / 1048576);
  const mid = (costs: Cost[], key: keyof Cost): number => Math.round(median(costs.map((c) => c[key])));
  return {
    ms: mid(oursCost, 'ms'),
    baselineMs: mid(baselineCost, 'ms'),
    cpuMs: mid(oursCost, 'cpuMs'),
    baselineCpuMs: mid(baselineCost, 'cpuMs'),
    peakRssMb: mb(peakRss),
    startRssMb: mb(startRss),
  };
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

/** The bench in a fresh process (this file run by itself): its memory is the import's alone. */
export function benchImport100kInChild(): Promise<Import100kFigures> {
  return inFreshProcess<Import100kFigures>(fileURLToPath(import.meta.url));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await benchImport100k(appSeal());
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
