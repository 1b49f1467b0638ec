import { createHash, createPrivateKey, createPublicKey } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import { deriveSealingKey, generateP256KeyPair, openWith, sealWith, type P256KeyPair, type SealScheme } from './sealed-to-public-key';

/**
 * Account recovery: the organisation's recovery key pair (ECDH P-256) and the envelopes sealed
 * to a public key that carry it (sealed-to-public-key.ts):
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

export type RecoveryKeyPair = P256KeyPair;

export function generateRecoveryKeyPair(): RecoveryKeyPair {
  return generateP256KeyPair();
}

const schemeFor = (context: SealContext): SealScheme => ({
  alg: ALG_RECOVERY,
  label: 'recovery',
  hkdfInfo: HKDF_INFO,
  refused: (why, cause) => new AppError('tampered', `The ${context.purpose} envelope could not be opened: ${why}.`, cause === undefined ? undefined : { cause }),
  badRecipient: 'The recipient is not a valid P-256 public key.',
});

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
  return deriveSealingKey(HKDF_INFO, shared, ephemeralSpki, recipientSpki);
}

export function sealToPublicKey(
  plaintext: Uint8Array,
  recipientPublicKey: string,
  context: SealContext,
  pinned: { ephemeralPrivateKeyPkcs8?: Buffer; nonce?: Buffer } = {},
): string {
  return sealWith(schemeFor(context), plaintext, recipientPublicKey, [context.purpose, ...context.subject], pinned);
}

/** Opens a sealed envelope with the recipient's private key, or throws `tampered` naming what failed. */
export function openSealed(envelope: string, recipient: RecoveryKeyPair, context: SealContext): Buffer {
  return openWith(schemeFor(context), envelope, recipient, [context.purpose, ...context.subject], 'another key, person or recovery key, or altered');
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
