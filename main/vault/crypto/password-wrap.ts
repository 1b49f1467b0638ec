import { pbkdf2, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { AppError } from '../../errors/app-error';
import { aesGcmDecrypt, aesGcmEncrypt, KEY_BYTES, randomNonce } from './aes-gcm';
import { ALG_PBKDF2_AES_GCM, associatedData, b64, ENVELOPE_VERSION, parseEnvelope, tampered, type EnvelopeContext } from './envelope';

const pbkdf2Async = promisify(pbkdf2);

/** OWASP 2023 figure for PBKDF2-HMAC-SHA256; stored per envelope so it can grow later. */
export const PBKDF2_ITERATIONS = 600_000;
/** Refuse envelopes outside these bounds: below is a downgrade, above would hang the app. */
const MIN_ITERATIONS = 600_000;
const MAX_ITERATIONS = 20_000_000;
const SALT_BYTES = 16;

const CONTEXT: EnvelopeContext = { purpose: 'data-key-password', subject: 'vault' };

export interface PasswordWrapOptions {
  readonly iterations?: number;
  /** Injectable for known-answer tests only. */
  readonly salt?: Buffer;
  readonly nonce?: Buffer;
}

export async function wrapWithPassword(secret: Uint8Array, password: string, options: PasswordWrapOptions = {}): Promise<string> {
  const iterations = options.iterations ?? PBKDF2_ITERATIONS;
  checkIterations(iterations);
  const salt = options.salt ?? randomBytes(SALT_BYTES);
  const nonce = options.nonce ?? randomNonce();
  const key = await deriveKey(password, salt, iterations);
  try {
    const { ciphertext, tag } = aesGcmEncrypt(key, nonce, secret, passwordAad(iterations, salt));
    return [ENVELOPE_VERSION, ALG_PBKDF2_AES_GCM, String(iterations), b64(salt), b64(nonce), b64(ciphertext), b64(tag)].join('.');
  } finally {
    key.fill(0);
  }
}

/**
 * A wrong password and an altered ciphertext are indistinguishable under GCM (both fail the
 * tag), so a failed tag is reported as `wrong_master_password` with both causes named; a
 * structurally broken envelope is `tampered`.
 */
export async function unwrapWithPassword(envelope: string, password: string): Promise<Buffer> {
  const parsed = parseEnvelope(envelope, CONTEXT);
  if (parsed.alg !== ALG_PBKDF2_AES_GCM) throw tampered(CONTEXT, `unexpected algorithm ${parsed.alg}`);
  if (parsed.iterations < MIN_ITERATIONS || parsed.iterations > MAX_ITERATIONS) {
    throw tampered(CONTEXT, `iteration count ${parsed.iterations} outside ${MIN_ITERATIONS}..${MAX_ITERATIONS}`);
  }
  const key = await deriveKey(password, parsed.salt, parsed.iterations);
  try {
    return aesGcmDecrypt(key, parsed.nonce, parsed.ciphertext, parsed.tag, passwordAad(parsed.iterations, parsed.salt));
  } catch (cause) {
    throw new AppError(
      'wrong_master_password',
      'The master password is wrong (or the stored password-protected vault key was altered).',
      { cause },
    );
  } finally {
    key.fill(0);
  }
}

function passwordAad(iterations: number, salt: Buffer): Buffer {
  return associatedData(ALG_PBKDF2_AES_GCM, CONTEXT, [String(iterations), b64(salt)]);
}

async function deriveKey(password: string, salt: Buffer, iterations: number): Promise<Buffer> {
  // NFKC so the same password typed through different keyboards/IMEs derives the same key.
  return pbkdf2Async(Buffer.from(password.normalize('NFKC'), 'utf8'), salt, iterations, KEY_BYTES, 'sha256');
}

function checkIterations(iterations: number): void {
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    throw new RangeError(`PBKDF2 iterations must be an integer in ${MIN_ITERATIONS}..${MAX_ITERATIONS}`);
  }
}
