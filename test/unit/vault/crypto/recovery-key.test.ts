import { createPrivateKey, createPublicKey, diffieHellman } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { refusal } from '../../../support/refusal';
import {
  checkPinnedRecoveryKey,
  deriveSealKey,
  generateRecoveryKeyPair,
  normalizeFingerprint,
  openSealed,
  recoveryKeyFingerprint,
  recoveryPairFrom,
  sealToPublicKey,
  type SealContext,
} from '../../../../main/vault/crypto/recovery-key';
import kat from '../../../fixtures/vault/recovery-kat.json';

const recovery = { publicKey: kat.recoveryPublicKey, privateKeyPkcs8: Buffer.from(kat.recoveryPrivateKeyPkcs8, 'base64url') };
const admin = { publicKey: kat.adminPublicKey, privateKeyPkcs8: Buffer.from(kat.adminPrivateKeyPkcs8, 'base64url') };
const dataKeyContext: SealContext = { purpose: 'data-key-recovery', subject: kat.dataKeyToRecovery.subject };
const privateKeyContext: SealContext = { purpose: 'recovery-private-key', subject: kat.privateKeyToAdmin.subject };
const pin = (v: { ephemeralPrivateKeyPkcs8: string; nonce: string }) => ({ ephemeralPrivateKeyPkcs8: Buffer.from(v.ephemeralPrivateKeyPkcs8, 'base64url'), nonce: Buffer.from(v.nonce, 'hex') });

describe('account recovery envelopes (ECDH P-256 + HKDF-SHA256 + AES-256-GCM), fixed vectors from WebCrypto', () => {
  it('fingerprints the recovery public key as the SHA-256 of its SPKI, and accepts a pin with colons, spaces or upper case', () => {
    expect(recoveryKeyFingerprint(kat.recoveryPublicKey)).toBe(kat.fingerprint);
    const pasted = kat.fingerprint.toUpperCase().match(/.{4}/g)!.join(': ');
    expect(normalizeFingerprint(pasted)).toBe(kat.fingerprint);
    expect(() => checkPinnedRecoveryKey(kat.recoveryPublicKey, pasted)).not.toThrow();
  });

  it('refuses a recovery key whose fingerprint differs from the pin, with recovery_key_mismatch', () => {
    expect(refusal(() => checkPinnedRecoveryKey(generateRecoveryKeyPair().publicKey, kat.fingerprint))).toBe('recovery_key_mismatch');
  });

  it('derives the known shared secret and key-encryption key', () => {
    const ephemeral = createPrivateKey({ key: Buffer.from(kat.dataKeyToRecovery.ephemeralPrivateKeyPkcs8, 'base64url'), format: 'der', type: 'pkcs8' });
    const recipient = createPublicKey({ key: Buffer.from(kat.recoveryPublicKey, 'base64url'), format: 'der', type: 'spki' });
    const shared = diffieHellman({ privateKey: ephemeral, publicKey: recipient });
    expect(shared.toString('hex')).toBe(kat.dataKeyToRecovery.sharedSecret);
    const ephemeralSpki = createPublicKey(ephemeral).export({ type: 'spki', format: 'der' });
    expect(deriveSealKey(shared, ephemeralSpki, Buffer.from(kat.recoveryPublicKey, 'base64url')).toString('hex')).toBe(kat.dataKeyToRecovery.kek);
  });

  it('seals a data key to the recovery key and the recovery private key to an administrator, as the known envelopes', () => {
    expect(sealToPublicKey(Buffer.from(kat.dataKey, 'hex'), kat.recoveryPublicKey, dataKeyContext, pin(kat.dataKeyToRecovery))).toBe(kat.dataKeyToRecovery.envelope);
    expect(sealToPublicKey(recovery.privateKeyPkcs8, kat.adminPublicKey, privateKeyContext, pin(kat.privateKeyToAdmin))).toBe(kat.privateKeyToAdmin.envelope);
    const opened = openSealed(kat.privateKeyToAdmin.envelope, admin, privateKeyContext);
    const pair = recoveryPairFrom(opened, kat.recoveryPublicKey);
    expect(openSealed(kat.dataKeyToRecovery.envelope, pair, dataKeyContext).toString('hex')).toBe(kat.dataKey);
  });

  it('refuses an envelope bound to another person, another recovery key or purpose, opened by another key, or altered', () => {
    const [user, fingerprint] = kat.dataKeyToRecovery.subject as [string, string];
    for (const context of [
      { ...dataKeyContext, subject: ['user-kat-2', fingerprint] },
      { ...dataKeyContext, subject: [user, '00'.repeat(32)] },
      { purpose: 'recovery-private-key', subject: [user, fingerprint] } as const,
    ]) {
      expect(refusal(() => openSealed(kat.dataKeyToRecovery.envelope, recovery, context))).toBe('tampered');
    }
    expect(refusal(() => openSealed(kat.dataKeyToRecovery.envelope, generateRecoveryKeyPair(), dataKeyContext))).toBe('tampered');
    const parts = kat.dataKeyToRecovery.envelope.split('.');
    const flipped = Buffer.from(parts[4]!, 'base64url');
    flipped[0]! ^= 1;
    parts[4] = flipped.toString('base64url');
    expect(refusal(() => openSealed(parts.join('.'), recovery, dataKeyContext))).toBe('tampered');
    expect(refusal(() => openSealed('kh1.a256gcm.x.y.z', recovery, dataKeyContext))).toBe('tampered');
  });

  it('refuses a recovery private key that does not belong to the offered public key', () => {
    expect(refusal(() => recoveryPairFrom(recovery.privateKeyPkcs8, generateRecoveryKeyPair().publicKey))).toBe('recovery_key_mismatch');
  });
});
