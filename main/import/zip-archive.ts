import { inflateRawSync } from 'node:zlib';
import { AppError } from '../errors/app-error';
import { DEFAULT_IMPORT_LIMITS, mib, type ImportLimits } from './import-limits';

/** Small entries may compress extremely well (a file of spaces); the ratio check starts above this. */
const RATIO_CHECK_FROM_BYTES = 1024 * 1024;
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const ZIP64_EOCD_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const STORED = 0;
const DEFLATED = 8;

function refuse(message: string): AppError {
  return new AppError('unreadable_file', message);
}

const DAMAGED = 'The archive is damaged or not a zip file.';

/** One entry as the central directory describes it. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/**
 * Reads the central directory: entry names, sizes and CRCs, nothing inflated. Throws
 * unreadable_file when the directory itself is damaged, or an entry name repeats (which entry
 * would be read is then anybody's guess — one of them is silently lost).
 */
export function listZipEntries(bytes: Uint8Array, limits: ImportLimits = DEFAULT_IMPORT_LIMITS, options: { sniffing?: boolean } = {}): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number): number => (at + 4 <= bytes.length ? view.getUint32(at, true) : Number.NaN);
  const u16 = (at: number): number => (at + 2 <= bytes.length ? view.getUint16(at, true) : Number.NaN);
  const u64 = (at: number): number => u32(at) + u32(at + 4) * 2 ** 32;
  let eocd = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 65535); at--) {
    if (u32(at) === EOCD) {
      eocd = at;
      break;
    }
  }
  if (eocd === -1) throw refuse(DAMAGED);
  let count = u16(eocd + 10);
  let offset = u32(eocd + 16);
  if ((count === 0xffff || offset === 0xffffffff) && u32(eocd - 20) === ZIP64_EOCD_LOCATOR) {
    const z = u64(eocd - 12);
    if (u32(z) !== ZIP64_EOCD) throw refuse(DAMAGED);
    count = u64(z + 32);
    offset = u64(z + 48);
  }
  if (count > limits.maxZipEntries) throw refuse(`The archive has more than ${limits.maxZipEntries} entries; it is not an export we can read.`);
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  const decoder = new TextDecoder();
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (u32(at) !== CENTRAL) throw refuse(DAMAGED);
    const flags = u16(at + 8);
    const method = u16(at + 10);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    let compressedSize = u32(at + 20);
    let size = u32(at + 24);
    let localOffset = u32(at + 42);
    const nameStart = at + 46;
    if (nameStart + nameLength + extraLength > bytes.length) throw refuse(DAMAGED);
    const name = decoder.decode(bytes.subarray(nameStart, nameStart + nameLength));
    // Zip64: the 0xFFFFFFFF fields are in the extra field 0x0001, in this order.
    for (let x = nameStart + nameLength; x + 4 <= nameStart + nameLength + extraLength; x += 4 + u16(x + 2)) {
      if (u16(x) !== 1) continue;
      let field = x + 4;
      if (size === 0xffffffff) {
        size = u64(field);
        field += 8;
      }
      if (compressedSize === 0xffffffff) {
        compressedSize = u64(field);
        field += 8;
      }
      if (localOffset === 0xffffffff) localOffset = u64(field);
    }
    // Detection still sees the names; reading refuses the archive.
    if (names.has(name) && options.sniffing !== true) throw refuse(`The archive holds two entries with the same name; it is damaged or crafted.`);
    names.add(name);
    entries.push({ name, method, flags, crc: u32(at + 16), compressedSize, size, localOffset });
    at = nameStart + nameLength + extraLength + commentLength;
  }
  return entries;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = (CRC_TABLE[(crc ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function inflateEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) throw refuse(DAMAGED);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw refuse(DAMAGED);
  const raw = bytes.subarray(start, end);
  let data: Uint8Array;
  if (entry.method === STORED) data = raw;
  else if (entry.method === DEFLATED) {
    try {
      // One byte more than declared is enough to know the declaration was a lie.
      data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size + 1) });
    } catch {
      throw refuse(`An entry in the archive is damaged (its data does not match the size it declares); nothing was imported.`);
    }
  } else throw refuse('An entry in the archive uses a compression method we cannot read.');
  if (data.length !== entry.size || crc32(data) !== entry.crc) {
    throw refuse('An entry in the archive is damaged (its size or checksum does not match); nothing was imported.');
  }
  return data;
}

/**
 * Extracts the entries `wanted` selects, enforcing entry count, total size and compression
 * ratio BEFORE anything is inflated; each extracted entry must then inflate to exactly its
 * declared size and match its CRC-32, or the archive is refused as damaged (a cut-short
 * entry would silently lose rows, or part of a TOTP secret).
 */
export function extractZip(
  bytes: Uint8Array,
  wanted: (name: string) => boolean,
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
): Map<string, Uint8Array> {
  const entries = listZipEntries(bytes, limits);
  let total = 0;
  const chosen: ZipEntry[] = [];
  for (const entry of entries) {
    if (entry.name.endsWith('/')) continue;
    total += entry.size;
    if (total > limits.maxZipUncompressedBytes) {
      throw refuse(`The archive would expand to more than ${mib(limits.maxZipUncompressedBytes)} MiB; refusing to unpack it.`);
    }
    if (entry.size > RATIO_CHECK_FROM_BYTES && entry.size / Math.max(entry.compressedSize, 1) > limits.maxZipRatio) {
      throw refuse(`An entry in the archive is compressed suspiciously well (a zip bomb?); refusing to unpack it.`);
    }
    if (wanted(entry.name)) chosen.push(entry);
  }
  const out = new Map<string, Uint8Array>();
  for (const entry of chosen) {
    if ((entry.flags & 1) !== 0) throw refuse('The archive is encrypted; export again without a password.');
    out.set(entry.name, inflateEntry(bytes, entry));
  }
  return out;
}
