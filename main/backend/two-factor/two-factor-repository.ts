/**
 * The storage port of the two-factor services: narrow on purpose, and every method that
 * decides a security outcome is a single atomic statement (compare-and-set, delete-returning)
 * so that several backend instances sharing one database cannot both accept the same code,
 * challenge or counter value.
 */
export type ChallengePurpose = 'totp_enrolment' | 'webauthn_registration' | 'webauthn_authentication';

export interface ChallengeRecord {
  readonly userId: string;
  readonly purpose: ChallengePurpose;
  /** base64url; for TOTP enrolment a random handle, for WebAuthn the challenge itself. */
  readonly challenge: string;
  /** The relying party the WebAuthn options were issued for; null for TOTP. */
  readonly rpId: string | null;
  readonly origin: string | null;
  /** Opaque data kept with the challenge (the sealed pending TOTP secret). */
  readonly payload: string | null;
  readonly expiresAt: Date;
}

export interface StoredTotp {
  readonly secretCiphertext: string;
  readonly lastUsedStep: number | null;
}

export interface StoredWebAuthnCredential {
  /** base64url credential id. */
  readonly id: string;
  readonly userId: string;
  /** base64url COSE public key. */
  readonly publicKey: string;
  readonly counter: number;
  readonly transports: readonly string[];
}

export interface TwoFactorRepository {
  /** The user's confirmed TOTP secret (sealed), if any. */
  getTotp(userId: string): Promise<StoredTotp | undefined>;
  /** Stores a confirmed secret, replacing any earlier one, with the time step its confirming code used. */
  saveConfirmedTotp(userId: string, secretCiphertext: string, usedStep: number, now: Date): Promise<void>;
  /** True only for the one caller that moved last_used_step forward to `step` (RFC 6238 §5.2). */
  useTotpStep(userId: string, step: number): Promise<boolean>;

  /** One live challenge per user and purpose: a new one replaces the old. */
  putChallenge(challenge: ChallengeRecord, now: Date): Promise<void>;
  /** Reads without consuming (a wrong TOTP confirmation code must not burn the enrolment). */
  findChallenge(userId: string, purpose: ChallengePurpose): Promise<ChallengeRecord | undefined>;
  /** Deletes and returns the challenge: it is returned to exactly one caller, once. */
  takeChallenge(userId: string, purpose: ChallengePurpose, challenge: string): Promise<ChallengeRecord | undefined>;

  listWebAuthnCredentials(userId: string): Promise<StoredWebAuthnCredential[]>;
  addWebAuthnCredential(credential: StoredWebAuthnCredential, now: Date): Promise<void>;
  /** Compare-and-set on the signature counter; false when another sign-in moved it first. */
  updateWebAuthnCounter(userId: string, credentialId: string, expected: number, next: number): Promise<boolean>;

  /** Deletes every earlier code of the user and stores these, in one transaction. */
  replaceBackupCodes(userId: string, codeHashes: readonly string[], now: Date): Promise<void>;
  /** Marks the code used; true only for the one caller that did. */
  useBackupCode(userId: string, codeHash: string, now: Date): Promise<boolean>;
  remainingBackupCodes(userId: string): Promise<number>;

  /** Remembers (or re-remembers) the device with the hash of the secret it was given. */
  rememberDevice(userId: string, deviceId: string, secretHash: string, until: Date): Promise<void>;
  rememberedDevice(userId: string, deviceId: string): Promise<{ readonly secretHash: string | null; readonly until: Date } | undefined>;

  /**
   * Proof attempts, for throttling guesses (RFC 4226 §7.3). An attempt is counted BEFORE the
   * proof is checked, in one atomic statement that answers the count including it, so that
   * concurrent guesses cannot all pass a check-then-record gap.
   */
  reserveAttempt(userId: string, windowMs: number, now: Date): Promise<number>;
  /** Takes back a reserved attempt that did not test a code (e.g. an expired challenge). */
  releaseAttempt(userId: string): Promise<void>;
  clearAttempts(userId: string): Promise<void>;
}
