import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from './config/config-error';
import { loadTenantConfig } from './config/parse-tenant-config';
import { createLogger } from '../log/logger';
import { requireSecretKey, SecretKeyError } from './two-factor/secret-key';
import { applyHeapSettings } from '../process/heap-settings';

// First, before the process's work: V8's heap settings (main/process/heap-settings.ts).
applyHeapSettings();

/**
 * `npm run backend -- --config FILE [--db DB] [--host H] [--port N] [--public-url URL]`
 * stdout carries exactly one line, `listening on http://HOST:PORT`; logs go to stderr.
 * Needs KEYHAVEN_SECRET_KEY (or KEYHAVEN_SECRET_KEY_FILE) in the environment.
 * Exit codes: 0 clean stop, 2 bad usage, config or missing secret key, 1 anything else.
 */
const USAGE = 'usage: npm run backend -- --config FILE [--db DB] [--host H] [--port N] [--public-url URL]';

async function main(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        config: { type: 'string' },
        db: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '8443' },
        'public-url': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.config === undefined) {
    process.stderr.write(`--config is required\n${USAGE}\n`);
    return 2;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be 0..65535\n${USAGE}\n`);
    return 2;
  }

  let config;
  try {
    config = await loadTenantConfig(values.config);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  let secretKey: Buffer;
  try {
    secretKey = await requireSecretKey(process.env);
  } catch (err) {
    if (err instanceof SecretKeyError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const parsed = path.parse(path.resolve(values.config));
  const db = values.db ?? path.join(parsed.dir, `${parsed.name}.sqlite`);
  const logger = createLogger();

  // Imported only after the config passed, so a bad config fails fast (no SAML/OIDC stacks).
  const { createBackend } = await import('./http/create-backend');
  const backend = await createBackend({ config, db, logger, secretKey, ...(values['public-url'] === undefined ? {} : { publicUrl: values['public-url'] }) });
  let url: string;
  try {
    await backend.listen({ host: values.host, port });
    const address = backend.app.server.address();
    const actualPort = typeof address === 'object' && address !== null ? address.port : port;
    url = `http://${values.host.includes(':') ? `[${values.host}]` : values.host}:${actualPort}`;
  } catch (err) {
    await backend.close();
    throw err;
  }
  // Listen for the stop signals before saying "listening": whoever reads that line may send one
  // at once, and a signal with no listener ends the process without closing the backend.
  const stopped = new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'stopping');
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  process.stdout.write(`listening on ${url}\n`);
  logger.info({ url, tenant: config.tenant, dialect: backend.store.dialect }, 'backend started');

  await stopped;
  await backend.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`backend failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
