import { createHash } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { detectFormat, parseImport } from '../../../../main/import/detect-format';
import type { ImportInput, ParseResult } from '../../../../main/import/imported-record';

export const LASTPASS_HEADER = 'url,username,password,totp,extra,name,grouping,fav';
export const NORDPASS_HEADER =
  'name,url,additional_urls,username,password,note,cardholdername,cardnumber,cvc,expirydate,zipcode,folder,full_name,phone_number,email,address1,address2,city,country,state,type';

export function bytesOf(text: string): ImportInput {
  return { bytes: new TextEncoder().encode(text) };
}

/** `count` LastPass data rows, one per line, titled `Site <n>`. */
export function lastpassRows(count: number, from = 1): string[] {
  return Array.from({ length: count }, (_, i) => `https://s${from + i}.example.com,user${from + i},pw${from + i},,,Site ${from + i},,0`);
}

export function detected(input: ImportInput): string | undefined {
  return detectFormat(input)[0]?.id;
}

export async function parsed(input: ImportInput, format?: string, password?: string): Promise<ParseResult> {
  return parseImport(input, { ...(format === undefined ? {} : { format }), ...(password === undefined ? {} : { password }) });
}

/** A 1PUX archive around `data` (export.data), stored uncompressed so tests can patch its bytes. */
export function onePux(data: unknown): Uint8Array {
  return zipSync({ 'export.data': strToU8(JSON.stringify(data)) }, { level: 0 });
}

export function onePuxItem(title: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    uuid: title,
    categoryUuid: '001',
    overview: { title, url: `https://${title.toLowerCase()}.example.com` },
    details: { loginFields: [{ designation: 'username', value: 'me' }, { designation: 'password', value: `pw-${title}` }] },
    ...extra,
  };
}

/** The offset of `needle` in `haystack` (bytes), or -1. */
export function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Rewrites one KDBX 4 KDF parameter in the outer header (VariantDictionary entry: type byte,
 * key length, key, value length, value). The header's HMAC is only checked after the key is
 * derived, so the file still reaches key derivation with the new value.
 */
export function patchKdfParameter(kdbx: Uint8Array, key: 'I' | 'M' | 'P' | 'R', value: number): Uint8Array {
  const out = kdbx.slice();
  const wide = key !== 'P';
  const marker = new Uint8Array([wide ? 0x05 : 0x04, 1, 0, 0, 0, key.charCodeAt(0), wide ? 8 : 4, 0, 0, 0]);
  const at = indexOfBytes(out, marker);
  if (at === -1) throw new Error(`no KDF parameter ${key} in this header`);
  const view = new DataView(out.buffer, out.byteOffset + at + marker.length, wide ? 8 : 4);
  if (wide) {
    view.setUint32(0, value % 2 ** 32, true);
    view.setUint32(4, Math.floor(value / 2 ** 32), true);
  } else view.setUint32(0, value, true);
  return out;
}

/**
 * Re-seals a patched KDBX 4 header: its SHA-256 follows the header and is checked before any key
 * is derived, so without this a patched file is refused as damaged at once and never reaches
 * the key derivation. (The HMAC after it needs the key, so it is checked only after the KDF.)
 */
export function resealKdbx4Header(kdbx: Uint8Array): Uint8Array {
  const out = kdbx.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  let at = 12; // signatures (8 bytes) and version (4 bytes)
  for (;;) {
    const id = view.getUint8(at);
    const length = view.getUint32(at + 1, true);
    at += 5 + length;
    if (id === 0) break;
  }
  out.set(createHash('sha256').update(out.subarray(0, at)).digest(), at);
  return out;
}
