export interface DecodedText {
  readonly text: string;
  /** Bytes that were not valid UTF-8 in an otherwise UTF-8 file; they are U+FFFD in `text`. */
  readonly invalidUtf8: boolean;
}

/**
 * Bytes → text. Exports are UTF-8 (often with a BOM after a spreadsheet re-save); Excel's
 * "Unicode text" is UTF-16LE with a BOM; an old Excel on Windows writes windows-1252.
 * A file with a UTF-8 BOM or any valid multi-byte UTF-8 sequence IS UTF-8: a few bad bytes in
 * it are damage to report (their rows), not a reason to re-read every other character as
 * windows-1252. Only a file whose non-ASCII bytes are never valid UTF-8 is windows-1252.
 */
export function decodeExport(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), invalidUtf8: false };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), invalidUtf8: false };
  try {
    // TextDecoder drops a leading UTF-8 BOM by default (ignoreBOM: false).
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), invalidUtf8: false };
  } catch {
    const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    if (hasBom || hasMultiByteUtf8(bytes)) return { text: new TextDecoder('utf-8').decode(bytes), invalidUtf8: true };
    return { text: new TextDecoder('windows-1252').decode(bytes), invalidUtf8: false };
  }
}

export function decodeText(bytes: Uint8Array): string {
  return decodeExport(bytes).text;
}

/** True when at least one well-formed 2-, 3- or 4-byte UTF-8 sequence occurs. */
function hasMultiByteUtf8(bytes: Uint8Array): boolean {
  const cont = (j: number): boolean => j < bytes.length && ((bytes[j] ?? 0) & 0xc0) === 0x80;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0xc2 || b > 0xf4) continue;
    const len = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    let ok = true;
    for (let k = 1; k < len; k++) ok &&= cont(i + k);
    if (ok) return true;
  }
  return false;
}
