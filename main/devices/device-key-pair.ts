import { z } from 'zod';
import { generateDeviceKeyPair, type DeviceKeyPair } from '../vault/crypto/device-approval';
import { keychainAccount, type Keychain } from '../vault/keychain/keychain';

const entrySchema = z.object({ v: z.literal(1), deviceId: z.string().min(1), publicKey: z.string().min(1), privateKey: z.string().min(1) }).strict();

/**
 * This device's ECDH P-256 key pair, made here; the private key lives only in the OS keychain
 * (account `…|device-pair`). A pair left from another device registration, or a damaged entry,
 * is replaced by a new one: the public key is registered again before it is used.
 */
export async function loadOrCreateDeviceKeyPair(keychain: Keychain, accountPrefix: string, deviceId: string): Promise<DeviceKeyPair> {
  const account = keychainAccount(accountPrefix, 'device-pair');
  const stored = await keychain.get(account);
  if (stored !== null) {
    const parsed = entrySchema.safeParse(safeJson(stored));
    if (parsed.success && parsed.data.deviceId === deviceId) {
      return { publicKey: parsed.data.publicKey, privateKeyPkcs8: Buffer.from(parsed.data.privateKey, 'base64url') };
    }
  }
  const pair = generateDeviceKeyPair();
  await keychain.set(account, JSON.stringify({ v: 1, deviceId, publicKey: pair.publicKey, privateKey: pair.privateKeyPkcs8.toString('base64url') }));
  return pair;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
