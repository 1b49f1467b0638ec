import { KEY_BYTES, randomKey } from './aes-gcm';
import { openBox, sealBox, tampered, type EnvelopeContext } from './envelope';

/** Data key and device key are both 256-bit random keys made on the device. */
export function generateDataKey(): Buffer {
  return randomKey();
}

export function generateDeviceKey(): Buffer {
  return randomKey();
}

/** The copy of the data key the backend keeps for one device; the device key stays in the OS keychain. */
export function wrapDataKeyForDevice(dataKey: Uint8Array, deviceKey: Uint8Array, deviceId: string): string {
  return sealBox(deviceKey, dataKey, deviceContext(deviceId));
}

export function unwrapDataKeyForDevice(wrapped: string, deviceKey: Uint8Array, deviceId: string): Buffer {
  const context = deviceContext(deviceId);
  const key = openBox(deviceKey, wrapped, context);
  if (key.length !== KEY_BYTES) throw tampered(context, 'wrong key length');
  return key;
}

function deviceContext(deviceId: string): EnvelopeContext {
  return { purpose: 'data-key-device', subject: deviceId };
}
