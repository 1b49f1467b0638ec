/**
 * Bytes → text. Exports are UTF-8 (often with a BOM after a spreadsheet re-save); Excel's
 * "Unicode text" is UTF-16LE with a BOM; an old Excel on Windows writes windows-1252.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    // TextDecoder drops a leading UTF-8 BOM by default (ignoreBOM: false).
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}
