// Worker-thread entry (bundled to dist/main/import-worker.mjs): parses one export file off the
// main thread, so a 100,000-row file never stalls IPC or the window.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../errors/app-error';
import { parseImportInput, type ParseRequest } from './parse-import-input';

async function run(): Promise<void> {
  try {
    const parsed = await parseImportInput(workerData as ParseRequest);
    parentPort?.postMessage({ ok: true, parsed });
  } catch (err) {
    const error = err instanceof AppError ? { code: err.code, message: err.publicMessage } : { code: 'unreadable_file', message: 'We could not read this file.' };
    parentPort?.postMessage({ ok: false, error });
  }
}

void run();
