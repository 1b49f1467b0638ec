import { AppError } from '../../errors/app-error';
import { KEY_BYTES } from './aes-gcm';
import { deriveSealingKey, generateP256KeyPair, openWith, sealWith, type P256KeyPair, type SealScheme } from './sealed-to-public-key';

/**
 * The data key wrapped to a new device's request public key (ECIES on P-256, in
 * sealed-to-public-key.ts):
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

const SCHEME: SealScheme = {
  alg: ALG_DEVICE_APPROVAL,
  label: 'device approval',
  hkdfInfo: HKDF_INFO,
  ciphertextBytes: KEY_BYTES,
  refused: (why, cause) => new AppError('tampered', `The device approval could not be opened: ${why}.`, cause === undefined ? undefined : { cause }),
  badRecipient: 'The approval request carries no valid P-256 public key.',
};

export interface ApprovalBinding {
  readonly requestId: string;
  readonly userId: string;
  readonly deviceId: string;
}

export type DeviceKeyPair = P256KeyPair;

export function generateDeviceKeyPair(): DeviceKeyPair {
  return generateP256KeyPair();
}

/** Exposed for known-answer tests: the key-encryption key of one approval. */
export function deriveApprovalKey(shared: Uint8Array, ephemeralSpki: Uint8Array, requestSpki: Uint8Array): Buffer {
  return deriveSealingKey(HKDF_INFO, shared, ephemeralSpki, requestSpki);
}

export function wrapDataKeyForRequest(
  dataKey: Uint8Array,
  requestPublicKey: string,
  binding: ApprovalBinding,
  pinned: { ephemeralPrivateKeyPkcs8?: Buffer; nonce?: Buffer } = {},
): string {
  return sealWith(SCHEME, dataKey, requestPublicKey, approvalBinding(binding), pinned);
}

/** Opens an approval with the request's private key, or throws `tampered` naming what failed. */
export function unwrapApprovedDataKey(envelope: string, requestPair: DeviceKeyPair, binding: ApprovalBinding): Buffer {
  return openWith(SCHEME, envelope, requestPair, approvalBinding(binding), 'another request, user or device, or altered');
}

function approvalBinding(binding: ApprovalBinding): string[] {
  return ['data-key-approval', binding.requestId, binding.userId, binding.deviceId];
}
