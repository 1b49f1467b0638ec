import { wrapDataKeyForRequest, type ApprovalBinding } from './crypto/device-approval';
import {
  checkPinnedRecoveryKey,
  generateRecoveryKeyPair,
  openSealed,
  recoveryKeyFingerprint,
  recoveryPairFrom,
  sealToPublicKey,
  type SealContext,
} from './crypto/recovery-key';
import type { VaultSession } from './vault-session';

/** The organisation's recovery public key as the server offers it, checked against the pin first. */
export interface RecoveryPublicKey {
  readonly publicKey: string;
  readonly fingerprint: string;
}

export const dataKeyRecoveryContext = (userId: string, fingerprint: string): SealContext => ({ purpose: 'data-key-recovery', subject: [userId, fingerprint] });
export const recoveryPrivateKeyContext = (adminUserId: string, fingerprint: string): SealContext => ({ purpose: 'recovery-private-key', subject: [adminUserId, fingerprint] });

/** The key as offered must hash to its own fingerprint and to the organisation's pin. */
export function verifiedRecoveryKey(offered: RecoveryPublicKey, pinned: string): RecoveryPublicKey {
  checkPinnedRecoveryKey(offered.publicKey, pinned);
  return { publicKey: offered.publicKey, fingerprint: recoveryKeyFingerprint(offered.publicKey) };
}

/** Enrolment: this vault's data key sealed to the (pin-checked) recovery public key. */
export function sealDataKeyForRecovery(s: VaultSession, userId: string, key: RecoveryPublicKey): string {
  return sealToPublicKey(s.dataKey, key.publicKey, dataKeyRecoveryContext(userId, key.fingerprint));
}

/**
 * The first administrator makes the recovery key pair here; the private key leaves only sealed
 * to this administrator's user public key, and is zeroed before returning.
 */
export function makeRecoveryKey(s: VaultSession, adminUserId: string): { publicKey: string; fingerprint: string; wrappedPrivateKey: string } {
  const pair = generateRecoveryKeyPair();
  try {
    const fingerprint = recoveryKeyFingerprint(pair.publicKey);
    return { publicKey: pair.publicKey, fingerprint, wrappedPrivateKey: sealToPublicKey(pair.privateKeyPkcs8, s.publicKey, recoveryPrivateKeyContext(adminUserId, fingerprint)) };
  } finally {
    pair.privateKeyPkcs8.fill(0);
  }
}

function withRecoveryPrivateKey<T>(s: VaultSession, o: { adminUserId: string; wrappedPrivateKey: string; key: RecoveryPublicKey }, use: (pair: { publicKey: string; privateKeyPkcs8: Buffer }) => T): T {
  const mine = { publicKey: s.publicKey, privateKeyPkcs8: s.privateKey };
  const pkcs8 = openSealed(o.wrappedPrivateKey, mine, recoveryPrivateKeyContext(o.adminUserId, o.key.fingerprint));
  try {
    return use(recoveryPairFrom(pkcs8, o.key.publicKey));
  } finally {
    pkcs8.fill(0);
  }
}

/** An administrator who holds the recovery private key seals it to another administrator's user public key. */
export function grantRecoveryKey(
  s: VaultSession,
  o: { adminUserId: string; wrappedPrivateKey: string; key: RecoveryPublicKey; to: { userId: string; publicKey: string } },
): string {
  return withRecoveryPrivateKey(s, o, (pair) => sealToPublicKey(pair.privateKeyPkcs8, o.to.publicKey, recoveryPrivateKeyContext(o.to.userId, o.key.fingerprint)));
}

/**
 * Approval by an administrator: the recovery private key opens the user's recovery copy of
 * their data key, which is wrapped to the request's public key exactly as a trusted device of
 * that user would (crypto/device-approval.ts), and zeroed.
 */
export function approveWithRecoveryKey(
  s: VaultSession,
  o: { adminUserId: string; wrappedPrivateKey: string; key: RecoveryPublicKey; recoveryWrappedDataKey: string; requestPublicKey: string; binding: ApprovalBinding },
): string {
  return withRecoveryPrivateKey(s, o, (pair) => {
    const dataKey = openSealed(o.recoveryWrappedDataKey, pair, dataKeyRecoveryContext(o.binding.userId, o.key.fingerprint));
    try {
      return wrapDataKeyForRequest(dataKey, o.requestPublicKey, o.binding);
    } finally {
      dataKey.fill(0);
    }
  });
}
