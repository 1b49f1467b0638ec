import { createHash, createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import { aesGcmDecrypt, aesGcmEncrypt, KEY_BYTES, NONCE_BYTES, randomNonce, TAG_BYTES } from './aes-gcm';
import { ENVELOPE_VERSION } from './envelope';

/**
 * The data key wrapped to a new device's request public key (ECIES on P-256):
 *
 *   Z    = ECDH(ephemeral private key, request public key)          (32-byte x coordinate)
 *   salt = SHA-256(ephemeral SPKI DER ‖ request SPKI DER)
 *   KEK  = HKDF-SHA256(Z, salt, info = "keyhaven device approval v1", 32 bytes)
 *   AAD  = JSON ["kh1", alg, "data-key-approval", requestId, userId, deviceId, ephemeral SPKI, request SPKI]
 *   kh1.ecdh-p256-hkdf-sha256-a256gcm.<ephemeral SPKI>.<nonce>.<ciphertext>.<tag>
 *
 * Only the holder of the request's private key can derive KEK; the associated data binds the
 * envelope to one request, one user and one device, so an approval moved to another request
 * (or replayed for another device) fails to open.
 */
export const ALG_DEVICE_APPROVAL = 'ecdh-p256-hkdf-sha256-a256gcm';
const HKDF_INFO = 'keyhaven device approval v1';

export interface ApprovalBinding {
  readonly requestId: string;
  readonly userId: string;
  readonly deviceId: string;
}

export interface DeviceKeyPair {
  /** SPKI DER, base64url. */
  readonly publicKey: string;
  /** PKCS8 DER. */
  readonly privateKeyPkcs8: Buffer;
}

export function generateDeviceKeyPair(): DeviceKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64url'),
    privateKeyPkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}

/** Exposed for known-answer tests: the key-encryption key of one approval. */
export function deriveApprovalKey(shared: Uint8Array, ephemeralSpki: Uint8Array, requestSpki: Uint8Array): Buffer {
  const salt = createHash('sha256').update(ephemeralSpki).update(requestSpki).digest();
  return Buffer.from(hkdfSync('sha256', shared, salt, HKDF_INFO, KEY_BYTES));
}

export function wrapDataKeyForRequest(
  dataKey: Uint8Array,
  requestPublicKey: string,
  binding: ApprovalBinding,
  pinned: { ephemeralPrivateKeyPkcs8?: Buffer; nonce?: Buffer } = {},
): string {
  const requestKey = publicKeyFrom(requestPublicKey);
  const ephemeral = pinned.ephemeralPrivateKeyPkcs8
    ? createPrivateKey({ key: pinned.ephemeralPrivateKeyPkcs8, format: 'der', type: 'pkcs8' })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  const ephemeralSpki = createPublicKey(ephemeral).export({ type: 'spki', format: 'der' });
  const requestSpki = requestKey.export({ type: 'spki', format: 'der' });
  const shared = diffieHellman({ privateKey: ephemeral, publicKey: requestKey });
  const kek = deriveApprovalKey(shared, ephemeralSpki, requestSpki);
  shared.fill(0);
  try {
    const nonce = pinned.nonce ?? randomNonce();
    const aad = approvalAad(binding, ephemeralSpki, requestSpki);
    const { ciphertext, tag } = aesGcmEncrypt(kek, nonce, dataKey, aad);
    return [ENVELOPE_VERSION, ALG_DEVICE_APPROVAL, b64(ephemeralSpki), b64(nonce), b64(ciphertext), b64(tag)].join('.');
  } finally {
    kek.fill(0);
  }
}

/** Opens an approval with the request's private key, or throws `tampered` naming what failed. */
export function unwrapApprovedDataKey(envelope: string, requestPair: DeviceKeyPair, binding: ApprovalBinding): Buffer {
  const parts = typeof envelope === 'string' ? envelope.split('.') : [];
  if (parts.length !== 6 || parts[0] !== ENVELOPE_VERSION || parts[1] !== ALG_DEVICE_APPROVAL) throw refused('not a device approval envelope');
  const ephemeralSpki = part(parts[2], undefined, 'ephemeral key');
  const nonce = part(parts[3], NONCE_BYTES, 'nonce');
  const ciphertext = part(parts[4], KEY_BYTES, 'ciphertext');
  const tag = part(parts[5], TAG_BYTES, 'tag');
  let ephemeral: KeyObject;
  try {
    ephemeral = createPublicKey({ key: ephemeralSpki, format: 'der', type: 'spki' });
    if (ephemeral.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('not P-256');
  } catch (cause) {
    throw refused('the ephemeral key is not a P-256 public key', cause);
  }
  const privateKey = createPrivateKey({ key: requestPair.privateKeyPkcs8, format: 'der', type: 'pkcs8' });
  const requestSpki = Buffer.from(requestPair.publicKey, 'base64url');
  const shared = diffieHellman({ privateKey, publicKey: ephemeral });
  const kek = deriveApprovalKey(shared, ephemeralSpki, requestSpki);
  shared.fill(0);
  try {
    return aesGcmDecrypt(kek, nonce, ciphertext, tag, approvalAad(binding, ephemeralSpki, requestSpki));
  } catch (cause) {
    throw refused('authentication failed (another request, user or device, or altered)', cause);
  } finally {
    kek.fill(0);
  }
}

function approvalAad(binding: ApprovalBinding, ephemeralSpki: Uint8Array, requestSpki: Uint8Array): Buffer {
  return Buffer.from(
    JSON.stringify([ENVELOPE_VERSION, ALG_DEVICE_APPROVAL, 'data-key-approval', binding.requestId, binding.userId, binding.deviceId, b64(ephemeralSpki), b64(requestSpki)]),
    'utf8',
  );
}

function publicKeyFrom(spki: string): KeyObject {
  try {
    const key = createPublicKey({ key: Buffer.from(spki, 'base64url'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new Error('not P-256');
    return key;
  } catch (cause) {
    throw new AppError('bad_request', 'The approval request carries no valid P-256 public key.', { cause });
  }
}

function part(text: string | undefined, length: number | undefined, what: string): Buffer {
  const bytes = Buffer.from(text ?? '', 'base64url');
  if (!text || bytes.toString('base64url') !== text || (length !== undefined && bytes.length !== length)) throw refused(`bad ${what}`);
  return bytes;
}

function refused(why: string, cause?: unknown): AppError {
  return new AppError('tampered', `The device approval could not be opened: ${why}.`, cause === undefined ? undefined : { cause });
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64url');
