import { createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import { aesGcmDecrypt, aesGcmEncrypt, KEY_BYTES, NONCE_BYTES, randomNonce, TAG_BYTES } from './aes-gcm';
import { ENVELOPE_VERSION } from './envelope';

/**
 * Account recovery: the organisation's recovery key pair (ECDH P-256) and the envelopes sealed
 * to a public key that carry it.
 *
 *   Z    = ECDH(ephemeral private key, recipient public key)           (32-byte x coordinate)
 *   salt = SHA-256(ephemeral SPKI DER ‖ recipient SPKI DER)
 *   KEK  = HKDF-SHA256(Z, salt, info = "keyhaven account recovery v1", 32 bytes)
 *   AAD  = JSON ["kh1", alg, purpose, ...subject, ephemeral SPKI, recipient SPKI]
 *   kh1.ecdh-p256-recovery-a256gcm.<ephemeral SPKI>.<nonce>.<ciphertext>.<tag>
 *
 * Two purposes:
 * - `recovery-private-key`, subject [administrator's user id, recovery fingerprint]: the
 *   recovery private key (PKCS8) sealed to an administrator's user public key;
 * - `data-key-recovery`, subject [user id, recovery fingerprint]: a user's data key sealed to
 *   the recovery public key.
 * The fingerprint is SHA-256 of the recovery public key's SPKI DER, 64 lower-case hex digits.
 */
export const ALG_RECOVERY = 'ecdh-p256-recovery-a256gcm';
const HKDF_INFO = 'keyhaven account recovery v1';

export type SealPurpose = 'recovery-private-key' | 'data-key-recovery';

export interface SealContext {
  readonly purpose: SealPurpose;
  readonly subject: readonly string[];
}

export interface RecoveryKeyPair {
  /** SPKI DER, base64url. */
  readonly publicKey: string;
  /** PKCS8 DER. */
  readonly privateKeyPkcs8: Buffer;
}

export function generateRecoveryKeyPair(): RecoveryKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64url'),
    privateKeyPkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}

/** SHA-256 of the SPKI DER, lower-case hex: what the tenant config and managed.json pin. */
export function recoveryKeyFingerprint(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex');
}

/** A pinned fingerprint as people paste it: spaces and colons dropped, lower case. */
export function normalizeFingerprint(text: string): string {
  return text.replace(/[\s:]/g, '').toLowerCase();
}

/**
 * The client's pin check: the recovery public key the server hands out must hash to the
 * fingerprint the organisation pinned, so a server cannot swap in a key of its own.
 */
export function checkPinnedRecoveryKey(publicKey: string, pinned: string): void {
  const actual = recoveryKeyFingerprint(publicKey);
  if (actual !== normalizeFingerprint(pinned)) {
    throw new AppError('recovery_key_mismatch', 'The server offered a recovery key whose fingerprint differs from the one your organisation pinned; nothing was sent to it.', {
      detail: { pinned: normalizeFingerprint(pinned).slice(0, 16), offered: actual.slice(0, 16) },
    });
  }
}

/** Exposed for known-answer tests: the key-encryption key of one sealed envelope. */
export function deriveSealKey(shared: Uint8Array, ephemeralSpki: Uint8Array, recipientSpki: Uint8Array): Buffer {
  const salt = createHash('sha256').update(ephemeralSpki).update(recipientSpki).digest();
  return Buffer.from(hkdfSync('sha256', shared, salt, HKDF_INFO, KEY_BYTES));
}

export function sealToPublicKey(
  plaintext: Uint8Array,
  recipientPublicKey: string,
  context: SealContext,
  pinned: { ephemeralPrivateKeyPkcs8?: Buffer; nonce?: Buffer } = {},
): string {
  const recipient = publicKeyFrom(recipientPublicKey);
  const ephemeral = pinned.ephemeralPrivateKeyPkcs8
    ? createPrivateKey({ key: pinned.ephemeralPrivateKeyPkcs8, format: 'der', type: 'pkcs8' })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const ephemeralSpki = createPublicKey(ephemeral).export({ type: 'spki', format: 'der' });
  const recipientSpki = recipient.export({ type: 'spki', format: 'der' });
  const shared = diffieHellman({ privateKey: ephemeral, publicKey: recipient });
  const kek = deriveSealKey(shared, ephemeralSpki, recipientSpki);
  shared.fill(0);
  try {
    const nonce = pinned.nonce ?? randomNonce();
    const { ciphertext, tag } = aesGcmEncrypt(kek, nonce, plaintext, sealAad(context, ephemeralSpki, recipientSpki));
    return [ENVELOPE_VERSION, ALG_RECOVERY, b64(ephemeralSpki), b64(nonce), b64(ciphertext), b64(tag)].join('.');
  } finally {
    kek.fill(0);
  }
}

/** Opens a sealed envelope with the recipient's private key, or throws `tampered` naming what failed. */
export function openSealed(envelope: string, recipient: RecoveryKeyPair, context: SealContext): Buffer {
  const parts = typeof envelope === 'string' ? envelope.split('.') : [];
  if (parts.length !== 6 || parts[0] !== ENVELOPE_VERSION || parts[1] !== ALG_RECOVERY) throw refused(context, 'not a recovery envelope');
  const ephemeralSpki = part(parts[2], undefined, 'ephemeral key', context);
  const nonce = part(parts[3], NONCE_BYTES, 'nonce', context);
  const ciphertext = part(parts[4], undefined, 'ciphertext', context);
  const tag = part(parts[5], TAG_BYTES, 'tag', context);
  let ephemeral: KeyObject;
  try {
    ephemeral = createPublicKey({ key: ephemeralSpki, format: 'der', type: 'spki' });
    if (ephemeral.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('not P-256');
  } catch (cause) {
    throw refused(context, 'the ephemeral key is not a P-256 public key', cause);
  }
  const privateKey = createPrivateKey({ key: recipient.privateKeyPkcs8, format: 'der', type: 'pkcs8' });
  const recipientSpki = Buffer.from(recipient.publicKey, 'base64url');
  const shared = diffieHellman({ privateKey, publicKey: ephemeral });
  const kek = deriveSealKey(shared, ephemeralSpki, recipientSpki);
  shared.fill(0);
  try {
    return aesGcmDecrypt(kek, nonce, ciphertext, tag, sealAad(context, ephemeralSpki, recipientSpki));
  } catch (cause) {
    throw refused(context, 'authentication failed (another key, person or recovery key, or altered)', cause);
  } finally {
    kek.fill(0);
  }
}

/** The recovery private key, checked to belong to `publicKey` (a swapped pair fails here). */
export function recoveryPairFrom(privateKeyPkcs8: Buffer, publicKey: string): RecoveryKeyPair {
  let derived: string;
  try {
    derived = createPublicKey(createPrivateKey({ key: privateKeyPkcs8, format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' }).toString('base64url');
  } catch (cause) {
    throw new AppError('tampered', 'The recovery private key could not be read.', { cause });
  }
  if (derived !== publicKey) throw new AppError('recovery_key_mismatch', 'The recovery private key does not belong to the recovery public key the server offered.');
  return { publicKey, privateKeyPkcs8 };
}

function sealAad(context: SealContext, ephemeralSpki: Uint8Array, recipientSpki: Uint8Array): Buffer {
  return Buffer.from(JSON.stringify([ENVELOPE_VERSION, ALG_RECOVERY, context.purpose, ...context.subject, b64(ephemeralSpki), b64(recipientSpki)]), 'utf8');
}

function publicKeyFrom(spki: string): KeyObject {
  try {
    const key = createPublicKey({ key: Buffer.from(spki, 'base64url'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('not P-256');
    return key;
  } catch (cause) {
    throw new AppError('bad_request', 'The recipient is not a valid P-256 public key.', { cause });
  }
}

function part(text: string | undefined, length: number | undefined, what: string, context: SealContext): Buffer {
  const bytes = Buffer.from(text ?? '', 'base64url');
  if (!text || bytes.toString('base64url') !== text || (length !== undefined && bytes.length !== length)) throw refused(context, `bad ${what}`);
  return bytes;
}

function refused(context: SealContext, why: string, cause?: unknown): AppError {
  return new AppError('tampered', `The ${context.purpose} envelope could not be opened: ${why}.`, cause === undefined ? undefined : { cause });
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
