import { open } from 'node:fs/promises';
import { AppError } from '../errors/app-error';
import type { ImportInput } from './imported-record';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits';

/** Reads an export from disk, refusing anything over the size cap before reading it. */
export async function readImportFile(path: string, limits: ImportLimits = DEFAULT_IMPORT_LIMITS): Promise<ImportInput> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new AppError('unreadable_file', 'The file could not be opened.', { cause: err });
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new AppError('unreadable_file', 'This is not a regular file.');
    if (stat.size > limits.maxFileBytes) {
      throw new AppError('file_too_large', `The file is larger than ${Math.round(limits.maxFileBytes / 1048576)} MiB; no password export is that big.`);
    }
    // Read at most cap + 1 bytes in case the file grew after stat.
    const buffer = Buffer.alloc(Math.min(stat.size, limits.maxFileBytes) + 1);
    let bytesRead = 0;
    for (;;) {
      const { bytesRead: n } = await handle.read(buffer, bytesRead, buffer.length - bytesRead, bytesRead);
      if (n === 0 || bytesRead + n >= buffer.length) {
        bytesRead += n;
        break;
      }
      bytesRead += n;
    }
    if (bytesRead > limits.maxFileBytes) throw new AppError('file_too_large', 'The file grew past the size cap while being read.');
    return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, bytesRead) };
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('unreadable_file', 'The file could not be read.', { cause: err });
  } finally {
    await handle.close();
  }
}
