import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The app log on disk: `keyhaven.log` in the app's log folder, rotated by size into
 * `keyhaven.1.log` … `keyhaven.<keep>.log` (oldest dropped), so it can never fill a disk. Lines
 * come from the logger, which has already redacted secrets. Writes are synchronous appends:
 * the volume is small, and a line must be on disk when the app crashes right after it. A log
 * that cannot be written never stops the app; it stops writing and says so once on stderr.
 */

export const LOG_FILE_NAME = 'keyhaven.log';
export const DEFAULT_LOG_MAX_BYTES = 1024 * 1024;
export const DEFAULT_LOG_KEEP = 3;

export interface RotatingLogFileOptions {
  readonly dir: string;
  /** Rotate before a write would take the file past this size. */
  readonly maxBytes?: number;
  /** How many rotated files to keep besides the current one. */
  readonly keep?: number;
}

export interface RotatingLogFile {
  readonly file: string;
  write(line: string): void;
  close(): void;
}

function rotatedName(dir: string, index: number): string {
  return path.join(dir, `keyhaven.${index}.log`);
}

export function createRotatingLogFile(options: RotatingLogFileOptions): RotatingLogFile {
  const maxBytes = options.maxBytes ?? DEFAULT_LOG_MAX_BYTES;
  const keep = options.keep ?? DEFAULT_LOG_KEEP;
  const file = path.join(options.dir, LOG_FILE_NAME);
  let fd: number | null = null;
  let size = 0;
  let broken = false;

  function open(): number {
    fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    const opened = fs.openSync(file, 'a', 0o600);
    size = fs.fstatSync(opened).size;
    return opened;
  }

  function rotate(): void {
    if (fd !== null) fs.closeSync(fd);
    fd = null;
    fs.rmSync(rotatedName(options.dir, keep), { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      if (fs.existsSync(rotatedName(options.dir, i))) fs.renameSync(rotatedName(options.dir, i), rotatedName(options.dir, i + 1));
    }
    if (keep >= 1) fs.renameSync(file, rotatedName(options.dir, 1));
    else fs.rmSync(file, { force: true });
  }

  return {
    file,
    write(line) {
      if (broken) return;
      try {
        fd ??= open();
        const bytes = Buffer.byteLength(line);
        if (size > 0 && size + bytes > maxBytes) {
          rotate();
          fd = open();
        }
        fs.writeSync(fd, line);
        size += bytes;
      } catch (err) {
        broken = true;
        process.stderr.write(`Keyhaven: the log file ${file} cannot be written (${(err as Error).message}); logging to stderr only.\n`);
      }
    },
    close() {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}

/** The log files that exist, oldest first. */
function logFilesOldestFirst(dir: string, keep = DEFAULT_LOG_KEEP): string[] {
  const files = [...Array.from({ length: keep }, (_, i) => rotatedName(dir, keep - i)), path.join(dir, LOG_FILE_NAME)];
  return files.filter((f) => fs.existsSync(f));
}

/** The newest `maxBytes` of the log (whole lines), oldest first; empty when there is no log yet. */
export async function readLogTail(dir: string, maxBytes = 2 * DEFAULT_LOG_MAX_BYTES, keep = DEFAULT_LOG_KEEP): Promise<string> {
  const parts = await Promise.all(logFilesOldestFirst(dir, keep).map((f) => readFile(f, 'utf8').catch(() => '')));
  const text = parts.join('');
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const tail = Buffer.from(text).subarray(-maxBytes).toString('utf8');
  return tail.slice(tail.indexOf('\n') + 1);
}
