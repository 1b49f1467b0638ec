import { createPublicKey } from 'node:crypto';
import { AppError } from '../../errors/app-error';

/** A device public key must be an uncompressed-or-compressed P-256 key in SPKI DER, base64url. */
export function checkDevicePublicKey(text: string, field: string): string {
  let ok = false;
  try {
    const der = Buffer.from(text, 'base64url');
    ok = der.toString('base64url') === text && createPublicKey({ key: der, format: 'der', type: 'spki' }).asymmetricKeyDetails?.namedCurve === 'prime256v1';
  } catch {
    ok = false;
  }
  if (!ok) throw new AppError('bad_request', `Invalid ${field}: must be a P-256 public key (SPKI DER, base64url).`);
  return text;
}
