/**
 * 100,000-row LastPass import: our parse, then per record what the app's import does before it
 * stores (the vault's `saveMany` steps: the record fields, `prepareRecord`'s schema check and
 * stamps, and `encryptRecord`), batched by createImportJob as the app does, into a no-op store;
 * against a baseline of bare papaparse over the same CSV plus bare AES-256-GCM over the same
 * plaintext bytes.
 *
 * `npm run bench` runs this file in a process of its own (`benchImport100kInChild`), so the
 * peak memory it reports is the import's, not that of the benches that ran before it in the
 * same process. Run alone: `tsx test/bench/import-100k.ts` prints the figures as JSON.
 */
import { createCipheriv, randomBytes, randomUUID } from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import { lastpassFormat } from '../../main/import/formats/lastpass';
import { createImportJob } from '../../main/import/import-job';
import { vaultFields } from '../../main/import/import-service';
import type { ImportedRecord } from '../../main/import/imported-record';
import { prepareRecord } from '../../main/vault/prepare-record';
import { encryptRecord } from '../../main/vault/vault-session';
import { inFreshProcess } from './fresh-process';

const ROWS = 100_000;
const BATCH = 1000;

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

export async function benchImport100k(seal: (id: string, record: ImportedRecord) => Uint8Array | string): Promise<Import100kFigures> {
  const text = makeLastPassCsv(ROWS);
  const bytes = encoder.encode(text);
  const startRss = process.memoryUsage().rss;

  const cpuStart = process.cpuUsage();
  const start = performance.now();
  const result = await lastpassFormat.parse({ bytes });
  let stored = 0;
  const noopStore = (items: readonly { id: string; ciphertext: Uint8Array | string }[]): void => {
    stored += items.length;
  };
  for await (const batch of createImportJob(result, { batchSize: BATCH })) {
    // As saveMany: the batch's records sealed one after the other, then stored together.
    noopStore(batch.records.map(({ id, record }) => ({ id, ciphertext: seal(id, record) })));
  }
  const ms = performance.now() - start;
  const cpuMs = cpuMsSince(cpuStart);
  // maxRSS is the kernel's own peak (KiB): nothing between two samples is missed.
  const peakRss = process.resourceUsage().maxRSS * 1024;
  if (stored !== ROWS || result.errors.length > 0) throw new Error(`bench import lost rows: ${stored}/${ROWS}, ${result.errors.length} errors`);

  // Plaintexts prepared outside the timed region: the baseline times only parse + cipher.
  const plaintexts = result.records.map((r) => encoder.encode(JSON.stringify(r)));
  const baseEncrypt = aesGcm(randomBytes(32));
  const baseCpuStart = process.cpuUsage();
  const baseStart = performance.now();
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  for (const p of plaintexts) baseEncrypt(p);
  const baselineMs = performance.now() - baseStart;
  const baselineCpuMs = cpuMsSince(baseCpuStart);
  if (parsed.data.length !== ROWS + 1) throw new Error(`papaparse saw ${parsed.data.length} rows`);

  const mb = (bytes: number): number => Math.round(bytes / 1048576);
  return { ms: Math.round(ms), baselineMs: Math.round(baselineMs), cpuMs: Math.round(cpuMs), baselineCpuMs: Math.round(baselineCpuMs), peakRssMb: mb(peakRss), startRssMb: mb(startRss) };
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
