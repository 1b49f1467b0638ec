import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { AppError, isErrorCode } from '../errors/app-error';
import type { ParsedInput, ParseRequest } from './parse-import-input';

export type ImportParser = (request: ParseRequest) => Promise<ParsedInput>;

/**
 * Runs each parse in its own worker thread (the built `import-worker.mjs`), one per file, ended
 * when done. An error inside keeps its code; a crashed worker is reported, never hangs.
 */
export function createOffThreadParser(workerFile: string): ImportParser {
  return (request) =>
    new Promise((resolve, reject) => {
      if (!existsSync(workerFile)) {
        reject(new AppError('internal', `The import worker is missing (${workerFile}); rebuild Keyhaven.`));
        return;
      }
      const worker = new Worker(workerFile, { workerData: request, resourceLimits: { maxOldGenerationSizeMb: 2048 } });
      let settled = false;
      worker.once('message', (message: { ok: true; parsed: ParsedInput } | { ok: false; error: { code: string; message: string } }) => {
        settled = true;
        void worker.terminate();
        if (message.ok) resolve(message.parsed);
        else reject(new AppError(isErrorCode(message.error.code) ? message.error.code : 'unreadable_file', message.error.message));
      });
      worker.once('error', (err) => {
        if (settled) return;
        settled = true;
        reject(new AppError('unreadable_file', 'Reading this file stopped unexpectedly. It may be too large or damaged.', { cause: err }));
      });
      worker.once('exit', (code) => {
        if (!settled) reject(new AppError('unreadable_file', `Reading this file stopped unexpectedly (worker exit ${code}).`));
      });
    });
}
