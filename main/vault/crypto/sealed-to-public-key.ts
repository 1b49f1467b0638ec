import { createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import { aesGcmDecrypt, aesGcmEncrypt, KEY_BYTES, NONCE_BYTES, randomNonce, TAG_BYTES } from './aes-gcm';
import { ENVELOPE_VERSION } from './envelope';

/**
 * Bytes sealed to a P-256 public key (ECIES), the one construction behind device approvals and
 * account recovery; each names its own algorithm label, HKDF info and associated data:
 *
 *   Z    = ECDH(ephemeral private key, recipient public key)           (32-byte x coordinate)
 *   salt = SHA-256(ephemeral SPKI DER ‖ recipient SPKI DER)
 *   KEK  = HKDF-SHA256(Z, salt, info, 32 bytes)
 *   AAD  = JSON ["kh1", alg, ...binding, ephemeral SPKI, recipient SPKI]
 *   kh1.<alg>.<ephemeral SPKI>.<nonce>.<ciphertext>.<tag>
 */
export interface SealScheme {
  readonly alg: string;
  /** What the envelope is, in words: "device approval", "recovery". */
  readonly label: string;
  readonly hkdfInfo: string;
  /** Exact ciphertext length when the scheme seals keys of one size (checked before opening). */
  readonly ciphertextBytes?: number;
  /** What a failure to open says, naming the envelope. */
  refused(why: string, cause?: unknown): AppError;
  /** What a recipient key that is not P-256 says. */
  readonly badRecipient: string;
}

export interface P256KeyPair {
  /** SPKI DER, base64url. */
  readonly publicKey: string;
  /** PKCS8 DER. */
  readonly privateKeyPkcs8: Buffer;
}

export function generateP256KeyPair(): P256KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64url'),
    privateKeyPkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}

export function deriveSealingKey(hkdfInfo: string, shared: Uint8Array, ephemeralSpki: Uint8Array, recipientSpki: Uint8Array): Buffer {
  const salt = createHash('sha256').update(ephemeralSpki).update(recipientSpki).digest();
  return Buffer.from(hkdfSync('sha256', shared, salt, hkdfInfo, KEY_BYTES));
}

export function sealWith(
  scheme: SealScheme,
  plaintext: Uint8Array,
  recipientPublicKey: string,
  binding: readonly string[],
  pinned: { ephemeralPrivateKeyPkcs8?: Buffer; nonce?: Buffer } = {},
): string {
  const recipient = p256PublicKey(recipientPublicKey, scheme.badRecipient);
  const ephemeral = pinned.ephemeralPrivateKeyPkcs8
    ? createPrivateKey({ key: pinned.ephemeralPrivateKeyPkcs8, format: 'der', type: 'pkcs8' })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const ephemeralSpki = createPublicKey(ephemeral).export({ type: 'spki', format: 'der' });
  const recipientSpki = recipient.export({ type: 'spki', format: 'der' });
  const shared = diffieHellman({ privateKey: ephemeral, publicKey: recipient });
  const kek = deriveSealingKey(scheme.hkdfInfo, shared, ephemeralSpki, recipientSpki);
  shared.fill(0);
  try {
    const nonce = pinned.nonce ?? randomNonce();
    const { ciphertext, tag } = aesGcmEncrypt(kek, nonce, plaintext, associatedData(scheme, binding, ephemeralSpki, recipientSpki));
    return [ENVELOPE_VERSION, scheme.alg, b64(ephemeralSpki), b64(nonce), b64(ciphertext), b64(tag)].join('.');
  } finally {
    kek.fill(0);
  }
}

/** Opens with the recipient's private key, or throws the scheme's refusal naming what failed. */
export function openWith(scheme: SealScheme, envelope: string, recipient: P256KeyPair, binding: readonly string[], altered: string): Buffer {
  const parts = typeof envelope === 'string' ? envelope.split('.') : [];
  if (parts.length !== 6 || parts[0] !== ENVELOPE_VERSION || parts[1] !== scheme.alg) throw scheme.refused(`not a ${scheme.label} envelope`);
  const ephemeralSpki = part(scheme, parts[2], undefined, 'ephemeral key');
  const nonce = part(scheme, parts[3], NONCE_BYTES, 'nonce');
  const ciphertext = part(scheme, parts[4], scheme.ciphertextBytes, 'ciphertext');
  const tag = part(scheme, parts[5], TAG_BYTES, 'tag');
  let ephemeral: KeyObject;
  try {
    ephemeral = createPublicKey({ key: ephemeralSpki, format: 'der', type: 'spki' });
    if (ephemeral.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('not P-256');
  } catch (cause) {
    throw scheme.refused('the ephemeral key is not a P-256 public key', cause);
  }
  const privateKey = createPrivateKey({ key: recipient.privateKeyPkcs8, format: 'der', type: 'pkcs8' });
  const recipientSpki = Buffer.from(recipient.publicKey, 'base64url');
  const shared = diffieHellman({ privateKey, publicKey: ephemeral });
  const kek = deriveSealingKey(scheme.hkdfInfo, shared, ephemeralSpki, recipientSpki);
  shared.fill(0);
  try {
    return aesGcmDecrypt(kek, nonce, ciphertext, tag, associatedData(scheme, binding, ephemeralSpki, recipientSpki));
  } catch (cause) {
    throw scheme.refused(`authentication failed (${altered})`, cause);
  } finally {
    kek.fill(0);
  }
}

function associatedData(scheme: SealScheme, binding: readonly string[], ephemeralSpki: Uint8Array, recipientSpki: Uint8Array): Buffer {
  return Buffer.from(JSON.stringify([ENVELOPE_VERSION, scheme.alg, ...binding, b64(ephemeralSpki), b64(recipientSpki)]), 'utf8');
}

function p256PublicKey(spki: string, message: string): KeyObject {
  try {
    const key = createPublicKey({ key: Buffer.from(spki, 'base64url'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('not P-256');
    return key;
  } catch (cause) {
    throw new AppError('bad_request', message, { cause });
  }
}

function part(scheme: SealScheme, text: string | undefined, length: number | undefined, what: string): Buffer {
  const bytes = Buffer.from(text ?? '', 'base64url');
  if (!text || bytes.toString('base64url') !== text || (length !== undefined && bytes.length !== length)) throw scheme.refused(`bad ${what}`);
  return bytes;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
