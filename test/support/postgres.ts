import { spawnSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN_DIR = process.env.KEYHAVEN_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface TestPostgres {
  /** postgres://… URL of a fresh database. */
  readonly url: string;
  /** Creates another empty database in the same cluster and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A private, throw-away PostgreSQL cluster for one test file. PostgreSQL refuses to run as
 * root, so as root the binaries run as the `postgres` system user on a temp dir it owns.
 * Missing binaries fail the suite (never skip) with the package to install.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  for (const bin of ['initdb', 'pg_ctl', 'postgres']) {
    if (!existsSync(path.join(BIN_DIR, bin))) {
      throw new Error(`PostgreSQL server binaries not found in ${BIN_DIR} (${bin}). Install the Debian package "postgresql" (apt-get install -y postgresql).`);
    }
  }
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'keyhaven-pg-'));
  const dataDir = path.join(dir, 'data');
  if (asRoot) {
    const ids = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const gids = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (ids.status !== 0) throw new Error('Running as root needs the "postgres" system user (Debian package "postgresql").');
    chownSync(dir, Number(ids.stdout.trim()), Number(gids.stdout.trim()));
    chmodSync(dir, 0o700);
  }
  const run = (bin: string, args: string[]) => {
    const cmd = asRoot ? 'runuser' : path.join(BIN_DIR, bin);
    const argv = asRoot ? ['-u', 'postgres', '--', path.join(BIN_DIR, bin), ...args] : args;
    return { cmd, argv };
  };
  const sync = (bin: string, args: string[]) => {
    const { cmd, argv } = run(bin, args);
    const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${bin} failed: ${r.stderr || r.stdout}`);
  };

  sync('initdb', ['-D', dataDir, '-U', 'keyhaven', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  const { cmd, argv } = run('postgres', [
    '-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', dir,
    // Throw-away data: durability off makes the suite fast on 2 cores.
    '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200',
  ]);
  const child = spawn(cmd, argv, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (c: Buffer) => {
    log += c.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const deadline = Date.now() + 20_000;
  const { default: pg } = await import('pg');
  for (;;) {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'keyhaven', database: 'postgres' });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`PostgreSQL did not start: ${log.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const createDatabase = async (name: string): Promise<string> => {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'keyhaven', database: 'postgres' });
    await client.connect();
    try {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
    } finally {
      await client.end();
    }
    return `postgres://keyhaven@127.0.0.1:${port}/${encodeURIComponent(name)}`;
  };
  const url = await createDatabase('keyhaven_test');
  return {
    url,
    createDatabase,
    async stop() {
      // runuser does not forward signals: ask pg_ctl. Immediate: the data is thrown away.
      try {
        sync('pg_ctl', ['-D', dataDir, 'stop', '-m', 'immediate', '-w']);
      } catch {
        child.kill('SIGKILL');
      }
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
