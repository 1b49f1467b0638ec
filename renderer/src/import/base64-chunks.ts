/**
 * Bytes → base64 without building one huge binary string: each chunk is a multiple of 3 bytes,
 * so its base64 has no padding and the pieces simply join.
 */
const CHUNK_BYTES = 3 * 8192;

export function bytesToBase64(bytes: Uint8Array, chunkBytes: number = CHUNK_BYTES): string {
  if (chunkBytes <= 0 || chunkBytes % 3 !== 0) throw new RangeError('chunkBytes must be a positive multiple of 3');
  const pieces: string[] = [];
  for (let start = 0; start < bytes.length; start += chunkBytes) {
    const chunk = bytes.subarray(start, start + chunkBytes);
    pieces.push(btoa(String.fromCharCode(...chunk)));
  }
  return pieces.join('');
}

export async function fileToBase64(file: Blob): Promise<string> {
  return bytesToBase64(new Uint8Array(await file.arrayBuffer()));
}
