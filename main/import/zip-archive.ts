import { unzipSync } from 'fflate';
import { AppError } from '../errors/app-error';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './import-limits';

/** Small entries may compress extremely well (a file of spaces); the ratio check starts above this. */
const RATIO_CHECK_FROM_BYTES = 1024 * 1024;

function refuse(message: string): AppError {
  return new AppError('unreadable_file', message);
}

/**
 * Extracts the entries `wanted` selects, enforcing entry count, total size and compression
 * ratio BEFORE anything is inflated. fflate inflates each entry into a buffer of its
 * declared size, so a lying size header cannot make it write more than was checked here.
 */
export function extractZip(
  bytes: Uint8Array,
  wanted: (name: string) => boolean,
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
): Map<string, Uint8Array> {
  let entries = 0;
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (file) => {
        entries++;
        if (entries > limits.maxZipEntries) {
          throw refuse(`The archive has more than ${limits.maxZipEntries} entries; it is not an export we can read.`);
        }
        if (file.name.endsWith('/')) return false;
        total += file.originalSize;
        if (total > limits.maxZipUncompressedBytes) {
          throw refuse(`The archive would expand to more than ${Math.round(limits.maxZipUncompressedBytes / 1048576)} MiB; refusing to unpack it.`);
        }
        if (file.originalSize > RATIO_CHECK_FROM_BYTES && file.originalSize / Math.max(file.size, 1) > limits.maxZipRatio) {
          throw refuse(`"${file.name}" in the archive is compressed suspiciously well (a zip bomb?); refusing to unpack it.`);
        }
        return wanted(file.name);
      },
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw refuse('The archive is damaged or not a zip file.');
  }
  return new Map(Object.entries(files));
}
