import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface BackendProcess {
  readonly child: ChildProcess;
  /** Resolves with the URL of the `listening on …` line; rejects if the process exits first. */
  readonly url: Promise<string>;
  /** Everything the process wrote to stderr (its logs). */
  stderr(): string;
}

/**
 * `npm run backend` as its own process, on any free port: one Node process (`--import tsx`, not
 * the tsx wrapper that runs a second one), so a signal sent to `child` reaches the backend itself.
 */
export function startBackendProcess(o: { config: string; db: string; secretKey?: Buffer; args?: readonly string[] }): BackendProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'main/backend/cli.ts'), '--config', o.config, '--db', o.db, '--port', '0', ...(o.args ?? [])], {
    cwd: ROOT,
    env: {
      ...process.env,
      PATH: `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
      KEYHAVEN_SECRET_KEY: (o.secretKey ?? Buffer.alloc(32, 7)).toString('base64'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /^listening on (http:\/\/[\d.]+:\d+)$/m.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.once('exit', (code, signal) => reject(new Error(`backend exited with ${code ?? signal}: ${err}`)));
  });
  url.catch(() => undefined);
  return { child, url, stderr: () => err };
}
