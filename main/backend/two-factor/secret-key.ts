import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';

export const SECRET_KEY_ENV = 'KEYHAVEN_SECRET_KEY';
export const SECRET_KEY_FILE_ENV = 'KEYHAVEN_SECRET_KEY_FILE';
const MIN_BYTES = 32;

/**
 * The server-side key that seals TOTP seeds and keys backup-code MACs. It lives apart from the
 * database (a copy of the database alone opens nothing) and is the same for every instance of
 * one tenant. Nothing derives it from another secret: rotating the admin token must not break
 * every authenticator app, and knowing that token must not open the seeds.
 *
 * Where it comes from (README "Backend secret key, proxies and request limits"):
 * - `npm run backend`: `KEYHAVEN_SECRET_KEY` (32+ random bytes, base64) or
 *   `KEYHAVEN_SECRET_KEY_FILE` (a file holding that text); without either it refuses to start.
 * - the demo backend of `npm start`: a random key in a 0600 file beside its database.
 * - an embedded backend on the app's own tenant config: the environment when set, else a random
 *   key kept in the OS keychain.
 */
export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError';
}

export function parseSecretKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) || key.length < MIN_BYTES) {
    throw new SecretKeyError(`${source} must hold at least ${MIN_BYTES} random bytes, base64-encoded (e.g. \`openssl rand -base64 32\`).`);
  }
  return key;
}

/** The key named by the environment, or undefined when it names none. */
export async function secretKeyFromEnvironment(env: Readonly<Record<string, string | undefined>>): Promise<Buffer | undefined> {
  const inline = env[SECRET_KEY_ENV];
  const file = env[SECRET_KEY_FILE_ENV];
  if (inline && file) throw new SecretKeyError(`Set either ${SECRET_KEY_ENV} or ${SECRET_KEY_FILE_ENV}, not both.`);
  if (inline) return parseSecretKey(inline, SECRET_KEY_ENV);
  if (!file) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new SecretKeyError(`${SECRET_KEY_FILE_ENV}: cannot read "${file}" (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
  }
  return parseSecretKey(text, `${SECRET_KEY_FILE_ENV} (${file})`);
}

/** For the standalone backend: the environment must name the key. */
export async function requireSecretKey(env: Readonly<Record<string, string | undefined>>): Promise<Buffer> {
  const key = await secretKeyFromEnvironment(env);
  if (key === undefined) {
    throw new SecretKeyError(
      `${SECRET_KEY_ENV} is not set. The backend needs it (32+ random bytes, base64, the same for every instance) to seal two-factor secrets; ` +
        `or set ${SECRET_KEY_FILE_ENV} to a file holding it. Make one with \`openssl rand -base64 32\`.`,
    );
  }
  return key;
}

/** The demo backend's key: made once at random, kept in `file` (created 0600) beside its database. */
export async function loadOrCreateSecretKeyFile(file: string): Promise<Buffer> {
  try {
    await writeFile(file, `${randomBytes(MIN_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return parseSecretKey(await readFile(file, 'utf8'), file);
}

/** What keychainSecretKey needs of the OS keychain (main/vault/keychain/keychain.ts). */
export interface SecretKeyKeychain {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
}

/** An embedded backend's key: made once at random and kept in the OS keychain under `account`. */
export async function keychainSecretKey(keychain: SecretKeyKeychain, account: string): Promise<Buffer> {
  const stored = await keychain.get(account);
  if (stored !== null) return parseSecretKey(stored, `the keychain entry "${account}"`);
  const key = randomBytes(MIN_BYTES);
  await keychain.set(account, key.toString('base64'));
  return key;
}
