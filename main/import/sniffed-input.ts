import { readCsvRows } from './csv-rows';
import { decodeText } from './decode-text';
import { listZipEntries } from './zip-archive';

/** KeePass 2.x file signature: 0x9AA2D903 then 0xB54BFB67, little-endian. */
const KDBX_SIGNATURE = [0x03, 0xd9, 0xa2, 0x9a, 0x67, 0xfb, 0x4b, 0xb5] as const;
const SNIFF_TEXT_CHARS = 64 * 1024;

export type InputKind = 'kdbx' | 'zip' | 'json' | 'xml' | 'text' | 'binary';

/**
 * What detection looks at, worked out once per file so that each format's `detect` is a
 * cheap look at the header row, the JSON shape or the zip entry names.
 */
export interface SniffedInput {
  readonly bytes: Uint8Array;
  readonly kind: InputKind;
  /** First CSV row, trimmed and lower-cased; [] when the input is not text. */
  readonly header: readonly string[];
  readonly headerSet: ReadonlySet<string>;
  readonly json: unknown;
  readonly zipEntries: readonly string[];
  readonly textStart: string;
}

export function isKdbx(bytes: Uint8Array): boolean {
  return KDBX_SIGNATURE.every((b, i) => bytes[i] === b);
}

export function isZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05) && (bytes[3] === 0x04 || bytes[3] === 0x06);
}

/** Only names are needed to recognise the archive; nothing is decompressed here. A damaged directory lists nothing. */
function zipEntryNames(bytes: Uint8Array): string[] {
  try {
    return listZipEntries(bytes, undefined, { sniffing: true }).map((e) => e.name);
  } catch {
    return [];
  }
}

/**
 * Binary data is full of control characters; a text export may still hold a stray NUL (a
 * damaged cell), which is not enough to call it binary. More than 1 in 20 control characters
 * (other than tab and line breaks) in the first 4 KB is.
 */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4096);
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control++;
  }
  return control > sample.length / 20;
}

export function sniffInput(input: { bytes: Uint8Array }): SniffedInput {
  const { bytes } = input;
  const empty = { bytes, header: [], headerSet: new Set<string>(), json: undefined, zipEntries: [], textStart: '' };
  if (isKdbx(bytes)) return { ...empty, kind: 'kdbx' };
  if (isZip(bytes)) return { ...empty, kind: 'zip', zipEntries: zipEntryNames(bytes) };
  const text = decodeText(bytes);
  if (looksBinary(text)) return { ...empty, kind: 'binary' };
  const trimmed = text.trimStart();
  const textStart = trimmed.slice(0, SNIFF_TEXT_CHARS);
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { ...empty, kind: 'json', json: JSON.parse(text) as unknown, textStart };
    } catch {
      return { ...empty, kind: 'text', textStart };
    }
  }
  if (trimmed.startsWith('<')) return { ...empty, kind: 'xml', textStart };
  const first = readCsvRows(text.slice(0, SNIFF_TEXT_CHARS), { maxRows: 1 }).rows[0];
  const header = (first?.cells ?? []).map((c) => c.trim().toLowerCase());
  return { ...empty, kind: 'text', header, headerSet: new Set(header), textStart };
}

/** Share of `wanted` column names present in the header (0..1). */
export function headerCoverage(sniff: SniffedInput, wanted: readonly string[]): number {
  if (sniff.kind !== 'text' || wanted.length === 0) return 0;
  const hits = wanted.filter((w) => sniff.headerSet.has(w)).length;
  return hits / wanted.length;
}
