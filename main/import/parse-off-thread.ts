import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { AppError, isErrorCode } from '../errors/app-error';
import type { ParsedInput, ParseRequest } from './parse-import-input';

export interface ParseControl {
  /** Aborting terminates the worker at once (a key derivation cannot be interrupted otherwise). */
  readonly signal?: AbortSignal;
}

export type ImportParser = (request: ParseRequest, control?: ParseControl) => Promise<ParsedInput>;

export interface OffThreadParserOptions {
  /** A parse still running after this long is ended and reported. */
  readonly timeoutMs?: number;
}

/** Long enough for the slowest legitimate file (a 50 MiB export, a KeePass KDF at its caps). */
export const DEFAULT_PARSE_TIMEOUT_MS = 120_000;

export const PARSE_CANCELLED = 'Reading the file was cancelled.';

/**
 * Runs each parse in its own worker thread (the built `import-worker.mjs`), one per file, ended
 * when done. An error inside keeps its code; a crashed worker is reported, never hangs; a parse
 * that runs past the timeout or is cancelled has its worker terminated.
 */
export function createOffThreadParser(workerFile: string, options: OffThreadParserOptions = {}): ImportParser {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
  return (request, control = {}) =>
    new Promise((resolve, reject) => {
      if (!existsSync(workerFile)) {
        reject(new AppError('internal', `The import worker is missing (${workerFile}); rebuild Keyhaven.`));
        return;
      }
      if (control.signal?.aborted === true) {
        reject(new AppError('unreadable_file', PARSE_CANCELLED));
        return;
      }
      const worker = new Worker(workerFile, { workerData: request, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
      let settled = false;
      const finish = (outcome: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        control.signal?.removeEventListener('abort', onAbort);
        void worker.terminate();
        outcome();
      };
      const timer = setTimeout(() => {
        finish(() => reject(new AppError('unreadable_file', `Reading this file took longer than ${Math.round(timeoutMs / 1000)} seconds and was stopped. It may be damaged or crafted.`)));
      }, timeoutMs);
      const onAbort = (): void => finish(() => reject(new AppError('unreadable_file', PARSE_CANCELLED)));
      control.signal?.addEventListener('abort', onAbort, { once: true });
      worker.once('message', (message: { ok: true; parsed: ParsedInput } | { ok: false; error: { code: string; message: string } }) => {
        finish(() => {
          if (message.ok) resolve(message.parsed);
          else reject(new AppError(isErrorCode(message.error.code) ? message.error.code : 'unreadable_file', message.error.message));
        });
      });
      worker.once('error', (err) => {
        finish(() => reject(new AppError('unreadable_file', 'Reading this file stopped unexpectedly. It may be too large or damaged.', { cause: err })));
      });
      worker.once('exit', (code) => {
        finish(() => reject(new AppError('unreadable_file', `Reading this file stopped unexpectedly (worker exit ${code}).`)));
      });
    });
}
