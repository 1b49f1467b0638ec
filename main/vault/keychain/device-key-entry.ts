import { z } from 'zod';
import { AppError } from '../../errors/app-error';
import { KEY_BYTES } from '../crypto/aes-gcm';

/**
 * How the device key sits in the OS keychain: a small JSON with the device id it was made for,
 * so a key left over from another device registration is recognised instead of failing as
 * "tampered" later.
 */
const entrySchema = z.object({ v: z.literal(1), deviceId: z.string().min(1), key: z.string() }).strict();

export interface DeviceKeyEntry {
  readonly deviceId: string;
  readonly key: Buffer;
}

export function encodeDeviceKeyEntry(deviceId: string, key: Uint8Array): string {
  return JSON.stringify({ v: 1, deviceId, key: Buffer.from(key).toString('base64url') });
}

export function decodeDeviceKeyEntry(text: string): DeviceKeyEntry {
  let parsed: z.infer<typeof entrySchema>;
  try {
    parsed = entrySchema.parse(JSON.parse(text));
  } catch (cause) {
    throw new AppError('tampered', 'The device key in the OS keychain is damaged (not a Keyhaven device key entry).', { cause });
  }
  const key = Buffer.from(parsed.key, 'base64url');
  if (key.length !== KEY_BYTES || key.toString('base64url') !== parsed.key) {
    throw new AppError('tampered', 'The device key in the OS keychain is damaged (wrong length or encoding).');
  }
  return { deviceId: parsed.deviceId, key };
}
