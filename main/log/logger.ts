import pino, { type Logger, type LoggerOptions } from 'pino';
import { isErrorCode } from '../errors/app-error';
import { createRotatingLogFile, type RotatingLogFileOptions } from './rotating-log-file';

/**
 * Paths whose values never reach a log line. Keys are matched at any depth by the
 * `censorSecrets` serializer below as well, because pino's `redact` needs exact paths.
 */
const SECRET_KEY = /^(authorization|cookie|set-cookie|token|session|sessionToken|accessToken|access_token|refreshToken|refresh_token|idToken|id_token|code|code_verifier|codeVerifier|state|nonce|password|masterPassword|secret|clientSecret|client_secret|SAMLResponse|samlResponse|assertion|key|dataKey|deviceKey|privateKey|wrappedKey|ciphertext|totpSecret|backupCodes|callbackUrl|otp)$/i;

export const REDACTED = '[redacted]';

/**
 * `code` is an OAuth authorization code in some places and one of our own error codes in others
 * (`{ code: err.code }`). Ours come from a closed set of words and say what went wrong: they stay.
 */
function isOurErrorCode(key: string, value: unknown): boolean {
  return key.toLowerCase() === 'code' && isErrorCode(value);
}

export function censorSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return { type: value.name, message: value.message, code: (value as { code?: unknown }).code };
  }
  if (Array.isArray(value)) return value.map((v) => censorSecrets(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEY.test(k) && !isOurErrorCode(k, v) ? REDACTED : censorSecrets(v, depth + 1);
  }
  return out;
}

export interface LoggerSetup {
  readonly level?: string;
  /** Where lines go; defaults to stderr so stdout stays free for command output. */
  readonly destination?: pino.DestinationStream;
  /**
   * The app's log folder: the same (already redacted) lines also go to a size-rotated
   * `keyhaven.log` there, which Settings → Save diagnostics bundles.
   */
  readonly logFile?: RotatingLogFileOptions;
}

/** One logger per host; modules take `logger.child({ scope })`. */
export function createLogger(setup: LoggerSetup = {}): Logger {
  const options: LoggerOptions = {
    level: setup.level ?? process.env.KEYHAVEN_LOG_LEVEL ?? 'info',
    base: undefined,
    formatters: {
      log: (obj) => censorSecrets(obj) as Record<string, unknown>,
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'res.headers["set-cookie"]'],
      censor: REDACTED,
    },
  };
  const primary = setup.destination ?? pino.destination(2);
  if (!setup.logFile) return pino(options, primary);
  const level = options.level as pino.Level;
  return pino(options, pino.multistream([{ level, stream: primary }, { level, stream: createRotatingLogFile(setup.logFile) }]));
}

export type { Logger };
