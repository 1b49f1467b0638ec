import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { openBox, sealBox, tampered, type EnvelopeContext } from './envelope';

/**
 * The per-user ECDH P-256 key pair that prepares device approval and sharing. The public key
 * travels as base64url SPKI DER; the private key (PKCS8 DER) only ever leaves the device
 * wrapped by the data key, with the public key as the envelope subject so a private key
 * cannot be paired with someone else's public key.
 */
export interface UserKeyPair {
  readonly publicKey: string;
  readonly privateKeyPkcs8: Buffer;
}

export function generateUserKeyPair(): UserKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64url'),
    privateKeyPkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }),
  };
}

export function wrapPrivateKey(dataKey: Uint8Array, pair: UserKeyPair): string {
  return sealBox(dataKey, pair.privateKeyPkcs8, privateKeyContext(pair.publicKey));
}

/** Also checks the unwrapped private key really belongs to `publicKey`. */
export function unwrapPrivateKey(dataKey: Uint8Array, wrappedPrivateKey: string, publicKey: string): Buffer {
  const context = privateKeyContext(publicKey);
  const pkcs8 = openBox(dataKey, wrappedPrivateKey, context);
  let derived: string;
  try {
    const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
    if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new Error('not a P-256 key');
    }
    derived = createPublicKey(key).export({ type: 'spki', format: 'der' }).toString('base64url');
  } catch (cause) {
    pkcs8.fill(0);
    throw tampered(context, 'not a P-256 private key', cause);
  }
  if (derived !== publicKey) {
    pkcs8.fill(0);
    throw tampered(context, 'private key does not match the public key');
  }
  return pkcs8;
}

function privateKeyContext(publicKey: string): EnvelopeContext {
  return { purpose: 'private-key', subject: publicKey };
}
