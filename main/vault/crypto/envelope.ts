import { AppError } from '../../errors/app-error';
import { aesGcmDecrypt, aesGcmEncrypt, NONCE_BYTES, randomNonce, TAG_BYTES } from './aes-gcm';

/**
 * The versioned envelope: one compact string, every binary part base64url (no padding).
 *
 *   kh1.a256gcm.<nonce>.<ciphertext>.<tag>
 *   kh1.pbkdf2-sha256-a256gcm.<iterations>.<salt>.<nonce>.<ciphertext>.<tag>
 *
 * The associated data is never stored: it is rebuilt from the version, algorithm, parameters,
 * and the context the caller expects (purpose + subject, e.g. "record" + record id). An envelope
 * copied to another record, or a record key presented as a data key, therefore fails to open.
 */
export const ENVELOPE_VERSION = 'kh1';
export const ALG_AES_GCM = 'a256gcm';
export const ALG_PBKDF2_AES_GCM = 'pbkdf2-sha256-a256gcm';

export type EnvelopePurpose = 'record' | 'record-key' | 'data-key-device' | 'data-key-password' | 'private-key' | 'offline-copy';

export interface EnvelopeContext {
  readonly purpose: EnvelopePurpose;
  /** What the envelope belongs to: record id, device id, the user's public key, the vault. */
  readonly subject: string;
}

export interface AesGcmEnvelope {
  readonly alg: typeof ALG_AES_GCM;
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

export interface PasswordEnvelope {
  readonly alg: typeof ALG_PBKDF2_AES_GCM;
  readonly iterations: number;
  readonly salt: Buffer;
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

export type ParsedEnvelope = AesGcmEnvelope | PasswordEnvelope;

/**
 * Encrypts under `key` (a string is encrypted as its UTF-8 bytes). `nonce` is given by known-answer
 * tests, which pin it, and by `sealRecord`, which draws it with the record key from the CSPRNG pool.
 */
export function sealBox(key: Uint8Array, plaintext: Uint8Array | string, context: EnvelopeContext, nonce: Buffer = randomNonce()): string {
  const aad = associatedData(ALG_AES_GCM, context, []);
  const { ciphertext, tag } = aesGcmEncrypt(key, nonce, plaintext, aad);
  return `${ENVELOPE_VERSION}.${ALG_AES_GCM}.${b64(nonce)}.${b64(ciphertext)}.${b64(tag)}`;
}

/** Decrypts or throws `tampered` naming what failed; never returns unauthenticated bytes. */
export function openBox(key: Uint8Array, envelope: string, context: EnvelopeContext): Buffer {
  const parsed = parseEnvelope(envelope, context);
  if (parsed.alg !== ALG_AES_GCM) throw tampered(context, `unexpected algorithm ${parsed.alg}`);
  try {
    return aesGcmDecrypt(key, parsed.nonce, parsed.ciphertext, parsed.tag, associatedData(ALG_AES_GCM, context, []));
  } catch (cause) {
    throw tampered(context, 'authentication failed', cause);
  }
}

/** Structural parse; any deviation from the canonical form is reported as tampering. */
export function parseEnvelope(envelope: string, context: EnvelopeContext): ParsedEnvelope {
  if (typeof envelope !== 'string') throw tampered(context, 'not a string');
  const parts = envelope.split('.');
  if (parts[0] !== ENVELOPE_VERSION) throw tampered(context, 'unknown envelope version');
  if (parts[1] === ALG_AES_GCM && parts.length === 5) {
    return {
      alg: ALG_AES_GCM,
      nonce: bytes(parts[2], NONCE_BYTES, context, 'nonce'),
      ciphertext: bytes(parts[3], undefined, context, 'ciphertext'),
      tag: bytes(parts[4], TAG_BYTES, context, 'tag'),
    };
  }
  if (parts[1] === ALG_PBKDF2_AES_GCM && parts.length === 7) {
    const iterations = parts[2] ?? '';
    if (!/^[1-9][0-9]{0,8}$/.test(iterations)) throw tampered(context, 'bad iteration count');
    return {
      alg: ALG_PBKDF2_AES_GCM,
      iterations: Number(iterations),
      salt: bytes(parts[3], undefined, context, 'salt'),
      nonce: bytes(parts[4], NONCE_BYTES, context, 'nonce'),
      ciphertext: bytes(parts[5], undefined, context, 'ciphertext'),
      tag: bytes(parts[6], TAG_BYTES, context, 'tag'),
    };
  }
  throw tampered(context, 'unknown algorithm or wrong number of parts');
}

/**
 * JSON array encoding keeps the fields unambiguous (no delimiter can be smuggled inside a
 * subject), and includes version + algorithm so a downgrade to another format cannot verify.
 */
export function associatedData(alg: string, context: EnvelopeContext, params: readonly string[]): Buffer {
  // The same bytes as JSON.stringify([version, alg, purpose, subject, ...params]), without the
  // array: version, algorithm and purpose are fixed names that JSON writes as they are.
  // The record algorithm's JSON is written out: this runs twice per record on unlock and import.
  const algJson = alg === ALG_AES_GCM ? `"${ALG_AES_GCM}"` : JSON.stringify(alg);
  let json = `["${ENVELOPE_VERSION}",${algJson},"${context.purpose}",${JSON.stringify(context.subject)}`;
  for (const param of params) json += `,${JSON.stringify(param)}`;
  return Buffer.from(`${json}]`, 'utf8');
}

export function b64(data: Uint8Array): string {
  return (Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength)).toString('base64url');
}

/** What the user is told failed; names the record (by id) or key, never any content. */
export function describeContext(context: EnvelopeContext): string {
  switch (context.purpose) {
    case 'record':
      return `record ${context.subject}`;
    case 'record-key':
      return `the key of record ${context.subject}`;
    case 'data-key-device':
      return `the vault key stored for device ${context.subject}`;
    case 'data-key-password':
      return 'the password-protected vault key';
    case 'private-key':
      return "the user's private key";
    case 'offline-copy':
      return "this device's offline copy of the vault";
  }
}

export function tampered(context: EnvelopeContext, detail: string, cause?: unknown): AppError {
  return new AppError(
    'tampered',
    `Integrity check failed for ${describeContext(context)} (${detail}): it was changed or damaged, so it was not decrypted.`,
    cause === undefined ? undefined : { cause },
  );
}

function bytes(text: string | undefined, length: number | undefined, context: EnvelopeContext, part: string): Buffer {
  // Node's base64url decoder silently skips invalid characters and ignores trailing bits, so
  // both are checked first: the alphabet, a length no encoder produces, and unused trailing bits
  // that are not zero. Together they make every altered character detectable before decryption.
  if (text === undefined || !BASE64URL.test(text) || !canonicalTail(text)) throw tampered(context, `malformed ${part}`);
  const decoded = Buffer.from(text, 'base64url');
  if (length !== undefined && decoded.length !== length) throw tampered(context, `${part} has the wrong length`);
  return decoded;
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** True when the bits a last partial group leaves unused are zero (the only canonical form). */
export function canonicalTail(text: string): boolean {
  const rest = text.length % 4;
  if (rest === 0) return true;
  if (rest === 1) return false;
  const last = BASE64URL_ALPHABET.indexOf(text[text.length - 1]!);
  return (last & (rest === 2 ? 0b1111 : 0b11)) === 0;
}
