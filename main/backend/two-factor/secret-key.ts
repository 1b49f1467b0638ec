import { hkdfSync } from 'node:crypto';
import { AppError } from '../../errors/app-error';

export const SECRET_KEY_ENV = 'KEYHAVEN_SECRET_KEY';

/**
 * The server-side key that seals TOTP seeds and keys backup-code MACs. It must live apart from
 * the database, and every instance of one tenant needs the same one: `KEYHAVEN_SECRET_KEY`
 * (base64, 32+ bytes) when set, else a key derived from the tenant config's admin token, which
 * is kept in the config file, not the database (rotating that token then means setting
 * KEYHAVEN_SECRET_KEY to the old derived key's value first; the README says so).
 */
export function resolveSecretKey(options: { given?: Buffer; env: Readonly<Record<string, string | undefined>>; adminToken: string }): Buffer {
  if (options.given) return options.given;
  const fromEnv = options.env[SECRET_KEY_ENV];
  if (fromEnv) {
    const key = Buffer.from(fromEnv, 'base64');
    if (key.length < 32) throw new AppError('config_invalid', `${SECRET_KEY_ENV} must be at least 32 bytes, base64-encoded.`);
    return key;
  }
  return Buffer.from(hkdfSync('sha256', Buffer.from(options.adminToken, 'utf8'), Buffer.from('keyhaven'), Buffer.from('two-factor sealing key v1'), 32));
}
