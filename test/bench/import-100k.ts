/**
 * 100,000-row LastPass import: our parse, then per record what the app's import does before it
 * stores (`seal`: in `npm run bench` the vault's own `saveMany` steps, i.e. the record fields,
 * `prepareRecord`'s schema check and stamps, and `encryptRecord`), batched by createImportJob as
 * the app does, into a no-op store; against a baseline of bare papaparse over the same CSV plus
 * bare AES-256-GCM over the same plaintext bytes.
 * Run alone: `tsx test/bench/import-100k.ts` (uses JSON + AES-256-GCM as `seal`).
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import { lastpassFormat } from '../../main/import/formats/lastpass';
import { createImportJob } from '../../main/import/import-job';
import type { ImportedRecord } from '../../main/import/imported-record';

const ROWS = 100_000;
const BATCH = 1000;

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

export async function benchImport100k(
  seal: (id: string, record: ImportedRecord) => Promise<Uint8Array | string> | Uint8Array | string,
): Promise<{ ms: number; baselineMs: number; peakRssMb: number }> {
  const text = makeLastPassCsv(ROWS);
  const bytes = encoder.encode(text);
  let peakRss = process.memoryUsage().rss;
  const sample = (): void => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  };
  // The interval catches async gaps; explicit samples catch the synchronous parse.
  const timer = setInterval(sample, 5);

  const start = performance.now();
  const result = await lastpassFormat.parse({ bytes });
  sample();
  let stored = 0;
  const noopStore = (items: readonly { id: string; ciphertext: Uint8Array | string }[]): void => {
    stored += items.length;
  };
  for await (const batch of createImportJob(result, { batchSize: BATCH })) {
    const items = await Promise.all(
      batch.records.map(async ({ id, record }) => ({ id, ciphertext: await seal(id, record) })),
    );
    noopStore(items);
    sample();
  }
  const ms = performance.now() - start;
  clearInterval(timer);
  if (stored !== ROWS || result.errors.length > 0) throw new Error(`bench import lost rows: ${stored}/${ROWS}, ${result.errors.length} errors`);

  // Plaintexts prepared outside the timed region: the baseline times only parse + cipher.
  const plaintexts = result.records.map((r) => encoder.encode(JSON.stringify(r)));
  const baseEncrypt = aesGcm(randomBytes(32));
  const baseStart = performance.now();
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true });
  for (const p of plaintexts) baseEncrypt(p);
  const baselineMs = performance.now() - baseStart;
  if (parsed.data.length !== ROWS + 1) throw new Error(`papaparse saw ${parsed.data.length} rows`);

  return { ms: Math.round(ms), baselineMs: Math.round(baselineMs), peakRssMb: Math.round(peakRss / 1048576) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const encrypt = aesGcm(randomBytes(32));
  const result = await benchImport100k((_id, record) => encrypt(encoder.encode(JSON.stringify(record))));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
