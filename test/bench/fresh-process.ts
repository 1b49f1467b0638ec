import { spawn } from 'node:child_process';

/** Applies the app's process settings in the child before its script (`process-settings.ts`). */
const PROCESS_SETTINGS = new URL('./process-settings.ts', import.meta.url).href;

/**
 * Runs a bench script in a fresh Node process (through tsx, as `npm run bench` runs, with the
 * app's process settings), so what it measures (a first call, peak memory) is its own; answers
 * the JSON of the last line it prints.
 */
export function inFreshProcess<T>(script: string, args: readonly string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', PROCESS_SETTINGS, script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as T);
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
}
