import type { Kysely } from 'kysely';
import type { Database, TwoFactorChallengesTable } from './database-schema';
import type { ScimRepo } from './repos/scim-repos';
import type { OutboxSubscribers } from '../webhooks/outbox-subscribers';
/**
 * The backend's persistence port. Services depend on this interface only; `openStore` picks
 * SQLite or PostgreSQL. Every method is safe to run concurrently across backend instances.
 */
export type StoreDialect = 'sqlite' | 'postgres';

/** `invited`: provisioned by SCIM, not signed in yet (the first SSO sign-in makes it active). */
export type UserStatus = 'active' | 'deactivated' | 'invited';

export interface UserRow {
  readonly id: string;
  readonly email: string;
  readonly node: string;
  readonly role: string;
  readonly status: UserStatus;
  readonly connectionId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** The SCIM userName (case as given); the email for JIT users. */
  readonly userName: string;
  readonly externalId: string | null;
  /** SCIM attributes kept as given (name, displayName, emails, enterprise extension…). */
  readonly scimAttributes: Readonly<Record<string, unknown>>;
  /** Placement before role mappings (main/backend/scim/role-mapping.ts); null = node / its default role. */
  readonly assignedNode: string | null;
  readonly assignedRole: string | null;
  readonly lastSignInAt: Date | null;
}

export interface DeviceRow {
  readonly id: string;
  readonly userId: string;
  readonly name: string;
  readonly platform: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
}

export interface SessionRow {
  readonly tokenHash: string;
  readonly userId: string;
  readonly deviceId: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  /** Set once this session proved a second factor (main/backend/two-factor/). */
  readonly secondFactorVerifiedAt: Date | null;
}

export interface DeviceInfo {
  readonly id: string;
  readonly name: string;
  readonly platform: string;
}

export interface LoginTransactionRow {
  readonly id: string;
  readonly connectionId: string;
  readonly kind: 'oidc' | 'saml';
  readonly email: string | null;
  readonly state: string | null;
  readonly nonce: string | null;
  readonly pkceVerifier: string | null;
  readonly samlRequestId: string | null;
  readonly redirectUri: string;
  readonly device: DeviceInfo | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly consumedAt: Date | null;
}

export interface AuditEventInput {
  readonly type: string;
  readonly at: Date;
  readonly userId?: string | null;
  readonly connectionId?: string | null;
  readonly reason?: string | null;
  readonly details?: Readonly<Record<string, unknown>> | null;
  /** The email a sign-in was tried with (failed sign-ins name it even when no user exists). */
  readonly email?: string | null;
  readonly ip?: string | null;
}

export interface AuditEventRow {
  readonly id: string;
  readonly type: string;
  readonly at: Date;
  readonly userId: string | null;
  readonly connectionId: string | null;
  readonly reason: string | null;
  readonly details: Readonly<Record<string, unknown>> | null;
  readonly email: string | null;
  readonly ip: string | null;
}

export type OnboardingStatus = 'done' | 'skipped';

export interface OnboardingRow {
  readonly step: string;
  readonly status: OnboardingStatus;
  readonly updatedAt: Date;
}

export interface VaultKeysRow {
  readonly deviceId: string;
  readonly wrappedDataKey: string;
  /** JSON text (KDF parameters + ciphertext), opaque to the backend. */
  readonly passwordWrappedDataKey: string | null;
  readonly publicKey: string;
  readonly wrappedPrivateKey: string;
}

export interface VaultRecordRow {
  readonly id: string;
  readonly revision: number;
  readonly envelope: string;
  readonly deleted: boolean;
}

export interface VaultRecordChange {
  readonly id: string;
  /** Absent only for deletions. */
  readonly envelope?: string | undefined;
  readonly deleted?: boolean | undefined;
  /** The revision the client based its change on; null = the record must not exist yet. */
  readonly baseRevision: number | null;
}

export type ApplyChangesResult =
  | { readonly kind: 'applied'; readonly vaultRevision: number; readonly records: readonly { id: string; revision: number }[] }
  | { readonly kind: 'stale'; readonly current: readonly VaultRecordRow[] }
  | { readonly kind: 'no_vault' };

export interface UsersRepo {
  /** Inserts unless the email exists (race-safe); returns the row either way. */
  insertIfAbsent(u: { id: string; email: string; node: string; role: string; connectionId: string | null; now: Date }): Promise<{ user: UserRow; created: boolean }>;
  findById(id: string): Promise<UserRow | undefined>;
  findByEmail(email: string): Promise<UserRow | undefined>;
  /** By email, else by SCIM userName (both case-insensitive): who an IdP's email signs in as. */
  findForSignIn(email: string): Promise<UserRow | undefined>;
  list(o: { email?: string | undefined; offset: number; limit: number }): Promise<{ total: number; users: UserRow[] }>;
  setStatus(id: string, status: UserStatus, now: Date): Promise<UserRow | undefined>;
}

export interface DevicesRepo {
  /** Creates the device or refreshes last_seen_at; a device id owned by another user is refused (returns undefined). */
  upsert(d: DeviceInfo & { userId: string; now: Date }): Promise<DeviceRow | undefined>;
  findById(id: string): Promise<DeviceRow | undefined>;
}

export interface SessionsRepo {
  create(s: { tokenHash: string; userId: string; deviceId: string | null; now: Date; expiresAt: Date }): Promise<void>;
  findValid(tokenHash: string, now: Date): Promise<SessionRow | undefined>;
  markSecondFactorVerified(tokenHash: string, now: Date): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  deleteForUser(userId: string): Promise<void>;
}

export interface LoginTransactionsRepo {
  create(t: Omit<LoginTransactionRow, 'consumedAt'>): Promise<void>;
  find(id: string): Promise<LoginTransactionRow | undefined>;
  /** Marks the transaction used; returns it only to the one caller that consumed it. */
  consume(id: string, now: Date): Promise<LoginTransactionRow | undefined>;
  deleteExpired(before: Date): Promise<number>;
}

export interface SamlReplayRepo {
  /** True when the assertion id was new (and is now remembered until expiresAt). */
  remember(assertionId: string, connectionId: string, expiresAt: Date): Promise<boolean>;
  deleteExpired(before: Date): Promise<number>;
}

export interface AuditRepo {
  append(e: AuditEventInput): Promise<AuditEventRow>;
  /** Several events at once (one statement when no webhook destination forwards any of them). */
  appendAll(events: readonly AuditEventInput[]): Promise<AuditEventRow[]>;
  listNewestFirst(o: { limit: number; type?: string | undefined; userId?: string | undefined }): Promise<AuditEventRow[]>;
}

export interface OnboardingRepo {
  list(userId: string): Promise<OnboardingRow[]>;
  set(userId: string, step: string, status: OnboardingStatus, now: Date): Promise<void>;
}

export interface VaultRepo {
  /** False when the user already has a vault. */
  create(userId: string, keys: VaultKeysRow, now: Date): Promise<boolean>;
  get(userId: string): Promise<{ revision: number; createdAt: Date } | undefined>;
  keysFor(userId: string, deviceId: string): Promise<VaultKeysRow | undefined>;
  listKeys(userId: string): Promise<VaultKeysRow[]>;
  /** Adds or replaces one device's wrapped key. False when there is no vault. */
  putKeys(userId: string, keys: VaultKeysRow, now: Date): Promise<boolean>;
  records(userId: string, sinceRevision: number): Promise<VaultRecordRow[]>;
  /** All-or-nothing optimistic update. */
  applyChanges(userId: string, changes: readonly VaultRecordChange[], now: Date): Promise<ApplyChangesResult>;
}

export type ChallengePurpose = TwoFactorChallengesTable['purpose'];

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

/**
 * Storage of the two-factor services (main/backend/two-factor/): every method that decides a
 * security outcome is a single atomic statement (compare-and-set, delete-returning), so that
 * several backend instances sharing one database cannot both accept the same code, challenge
 * or counter value.
 */
/** A second factor that proves possession on its own (backup codes are not one: they run out). */
export type AuthenticatorRef = { readonly kind: 'totp' } | { readonly kind: 'webauthn'; readonly id: string };

export interface StoredAuthenticator {
  readonly kind: 'totp' | 'webauthn';
  /** 'totp' for the one authenticator app; the base64url credential id for a security key. */
  readonly id: string;
  readonly addedAt: Date;
}

/** At least `count` authenticators of the kinds `of` must remain (the role's requirement). */
export interface AuthenticatorMinimum {
  readonly count: number;
  readonly of: readonly StoredAuthenticator['kind'][];
}

export interface TwoFactorRepo {
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

  /** The user's authenticator app and security keys, oldest first (repos/authenticator-repo.ts). */
  listAuthenticators(userId: string): Promise<StoredAuthenticator[]>;
  /**
   * Deletes one authenticator unless fewer than `keep` would remain, in one transaction that
   * holds the user's authenticator rows: two removals at once cannot both pass the check.
   */
  removeAuthenticator(userId: string, target: AuthenticatorRef, keep: AuthenticatorMinimum): Promise<'removed' | 'not_found' | 'too_few_left'>;

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

export interface Repositories {
  readonly users: UsersRepo;
  readonly devices: DevicesRepo;
  readonly sessions: SessionsRepo;
  readonly loginTransactions: LoginTransactionsRepo;
  readonly samlReplay: SamlReplayRepo;
  readonly audit: AuditRepo;
  readonly onboarding: OnboardingRepo;
  readonly vault: VaultRepo;
  readonly twoFactor: TwoFactorRepo;
  readonly scim: ScimRepo;
}

export interface Store extends Repositories {
  readonly dialect: StoreDialect;
  /** The query builder itself, for queries that live beside their feature (devices, push, admin). */
  readonly kysely: Kysely<Database>;
  /** The event types some forwarding destination wants (webhooks/outbox-subscribers.ts): refresh after changing `webhook_subscriptions`. */
  readonly outboxSubscribers: OutboxSubscribers;
  /**
   * Runs fn in one database transaction; a throw rolls everything back. `tx` is the query builder
   * on that transaction, for a feature's own tables beside the repositories (whose audit rows go
   * through the outbox filter as `store.audit`'s do).
   */
  transaction<T>(fn: (repos: Repositories, tx: Kysely<Database>) => Promise<T>): Promise<T>;
  /**
   * Refreshes the query planner's statistics where they went stale (SQLite's `PRAGMA optimize`;
   * PostgreSQL's autovacuum does it by itself). Without them SQLite guesses, and guesses wrong on
   * a search within an admin's scope (main/backend/README.md, the store).
   */
  optimize(): Promise<void>;
  close(): Promise<void>;
}
