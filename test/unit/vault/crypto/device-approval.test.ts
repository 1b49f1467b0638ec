import { createPrivateKey, createPublicKey, diffieHellman } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { refusal } from '../../../support/refusal';
import { deriveApprovalKey, generateDeviceKeyPair, unwrapApprovedDataKey, wrapDataKeyForRequest } from '../../../../main/vault/crypto/device-approval';
import { fingerprintPhrase, phraseCandidates, PHRASE_WORDS } from '../../../../main/vault/crypto/fingerprint-phrase';
import kat from '../../../fixtures/vault/device-approval-kat.json';

const requestPair = { publicKey: kat.requestPublicKey, privateKeyPkcs8: Buffer.from(kat.requestPrivateKeyPkcs8, 'base64url') };
const dataKey = Buffer.from(kat.dataKey, 'hex');
const pinned = { ephemeralPrivateKeyPkcs8: Buffer.from(kat.ephemeralPrivateKeyPkcs8, 'base64url'), nonce: Buffer.from(kat.nonce, 'hex') };

describe('device approval key wrapping (ECDH P-256 + HKDF-SHA256 + AES-256-GCM), fixed vectors from WebCrypto', () => {
  it('derives the known shared secret and key-encryption key', () => {
    const ephemeral = createPrivateKey({ key: pinned.ephemeralPrivateKeyPkcs8, format: 'der', type: 'pkcs8' });
    const shared = diffieHellman({ privateKey: ephemeral, publicKey: createPublicKey({ key: Buffer.from(kat.requestPublicKey, 'base64url'), format: 'der', type: 'spki' }) });
    expect(shared.toString('hex')).toBe(kat.sharedSecret);
    const ephemeralSpki = createPublicKey(ephemeral).export({ type: 'spki', format: 'der' });
    expect(deriveApprovalKey(shared, ephemeralSpki, Buffer.from(kat.requestPublicKey, 'base64url')).toString('hex')).toBe(kat.kek);
  });

  it('wraps to the known envelope and opens it with the request key only', () => {
    expect(wrapDataKeyForRequest(dataKey, kat.requestPublicKey, kat.binding, pinned)).toBe(kat.envelope);
    expect(unwrapApprovedDataKey(kat.envelope, requestPair, kat.binding).toString('hex')).toBe(kat.dataKey);
  });

  it('refuses an approval bound to another request, user or device, opened by another key, or altered', () => {
    for (const binding of [
      { ...kat.binding, requestId: 'req-kat-2' },
      { ...kat.binding, userId: 'user-kat-2' },
      { ...kat.binding, deviceId: 'device-kat-2' },
    ]) {
      expect(refusal(() => unwrapApprovedDataKey(kat.envelope, requestPair, binding))).toBe('tampered');
    }
    expect(refusal(() => unwrapApprovedDataKey(kat.envelope, generateDeviceKeyPair(), kat.binding))).toBe('tampered');
    const parts = kat.envelope.split('.');
    const flipped = Buffer.from(parts[4]!, 'base64url');
    flipped[0]! ^= 1;
    parts[4] = flipped.toString('base64url');
    expect(refusal(() => unwrapApprovedDataKey(parts.join('.'), requestPair, kat.binding))).toBe('tampered');
    expect(refusal(() => unwrapApprovedDataKey('kh1.a256gcm.x.y.z', requestPair, kat.binding))).toBe('tampered');
  });

  it('uses a fresh ephemeral key and nonce each time', () => {
    const one = wrapDataKeyForRequest(dataKey, kat.requestPublicKey, kat.binding);
    const two = wrapDataKeyForRequest(dataKey, kat.requestPublicKey, kat.binding);
    expect(one).not.toBe(two);
    expect(unwrapApprovedDataKey(two, requestPair, kat.binding).toString('hex')).toBe(kat.dataKey);
  });
});

describe('fingerprint phrase', () => {
  it('matches the fixed vector (e-mail compared lower-cased)', () => {
    expect(kat.wordCount).toBe(2048);
    expect(fingerprintPhrase(kat.requestPublicKey, kat.email)).toBe(kat.phrase);
    expect(fingerprintPhrase(kat.requestPublicKey, ` ${kat.email.toLowerCase()} `)).toBe(kat.phrase);
  });

  it('differs for another key or another person', () => {
    expect(fingerprintPhrase(generateDeviceKeyPair().publicKey, kat.email)).not.toBe(kat.phrase);
    expect(fingerprintPhrase(kat.requestPublicKey, 'bob@example.test')).not.toBe(kat.phrase);
  });

  it('offers the right phrase among four distinct five-word candidates', () => {
    const candidates = phraseCandidates(kat.phrase);
    expect(candidates).toHaveLength(4);
    expect(new Set(candidates).size).toBe(4);
    expect(candidates).toContain(kat.phrase);
    for (const c of candidates) expect(c.split(' ')).toHaveLength(PHRASE_WORDS);
  });
});
