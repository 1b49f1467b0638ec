import type { Generated } from 'kysely';

/**
 * Table shapes shared by SQLite and PostgreSQL. Portable on purpose: timestamps are ISO-8601
 * UTC text (sorts correctly as text), booleans are 0/1 integers, JSON is text.
 */
export interface UsersTable {
  id: string;
  email: string;
  node: string;
  role: string;
  status: 'active' | 'deactivated' | 'invited';
  connection_id: string | null;
  created_at: string;
  updated_at: string;
  /** Migration 0004: the SCIM userName as given (unique case-insensitively); null = the email. */
  user_name: string | null;
  external_id: string | null;
  /** Other SCIM attributes (name, displayName, emails, enterprise extension…) as JSON. */
  scim_json: string | null;
  /** Placement given by SCIM or JIT, before role mappings; null = node / the node's default role. */
  assigned_node: string | null;
  assigned_role: string | null;
  last_sign_in_at: string | null;
}

/** Migration 0004: SCIM groups (roles come from them through roleMappings). */
export interface ScimGroupsTable {
  id: string;
  display_name: string;
  external_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface ScimGroupMembersTable {
  group_id: string;
  user_id: string;
}

export interface DevicesTable {
  id: string;
  user_id: string;
  name: string;
  platform: string;
  created_at: string;
  last_seen_at: string;
  /** ECDH P-256 public key (SPKI, base64url), set by the device; migration 0005. */
  public_key: string | null;
}

/** Migration 0005: per-user hints fanned out to every backend instance. */
export interface PushEventsTable {
  seq: Generated<number>;
  user_id: string;
  type: string;
  payload_json: string;
  created_at: string;
}

/** Migration 0005: a new device asking a trusted one for the data key (wrapped to public_key). */
export interface DeviceApprovalRequestsTable {
  id: string;
  user_id: string;
  device_id: string;
  device_name: string;
  platform: string;
  public_key: string;
  ip: string;
  status: 'pending' | 'approved' | 'denied' | 'consumed';
  created_at: string;
  expires_at: string;
  seen_at: string | null;
  decided_at: string | null;
  decided_by_device_id: string | null;
  deny_reason: string | null;
  /** The data key wrapped to public_key (opaque to the backend); cleared once consumed. */
  approval: string | null;
  consumed_at: string | null;
  /** Migration 0008: the administrator who answered (account recovery), else null. */
  decided_by_admin_user_id: string | null;
}

/** Migration 0008: the organisation's recovery public key (one row, id 'org'). */
export interface RecoveryKeyTable {
  id: string;
  public_key: string;
  /** SHA-256 of the SPKI DER, lower-case hex. */
  fingerprint: string;
  created_by_user_id: string;
  created_at: string;
}

/** Migration 0008: the recovery private key sealed to one administrator's user public key. */
export interface RecoveryKeyGrantsTable {
  admin_user_id: string;
  fingerprint: string;
  wrapped_private_key: string;
  granted_by_user_id: string;
  created_at: string;
}

/** Migration 0008: a user's data key sealed to the recovery public key. */
export interface VaultRecoveryTable {
  user_id: string;
  fingerprint: string;
  wrapped_data_key: string;
  updated_at: string;
}

/** Migration 0008: a reset vault's keys and ciphertext, kept until purge_after. */
export interface VaultArchivesTable {
  id: string;
  user_id: string;
  revision: number;
  keys_json: string;
  reset_by: string;
  reset_at: string;
  purge_after: string;
}

export interface VaultArchiveRecordsTable {
  archive_id: string;
  id: string;
  revision: number;
  envelope: string;
  deleted: number;
  updated_at: string;
}

export interface SessionsTable {
  token_hash: string;
  user_id: string;
  device_id: string | null;
  created_at: string;
  expires_at: string;
  second_factor_verified_at: string | null;
}

export interface LoginTransactionsTable {
  id: string;
  connection_id: string;
  kind: 'oidc' | 'saml';
  email: string | null;
  state: string | null;
  nonce: string | null;
  pkce_verifier: string | null;
  saml_request_id: string | null;
  redirect_uri: string;
  device_json: string | null;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
}

export interface SamlReplayTable {
  assertion_id: string;
  connection_id: string;
  expires_at: string;
}

export interface AuditEventsTable {
  seq: Generated<number>;
  id: string;
  type: string;
  at: string;
  user_id: string | null;
  connection_id: string | null;
  reason: string | null;
  details_json: string | null;
  /** Migration 0006: the email a sign-in was tried with, and the client's IP. */
  email: string | null;
  ip: string | null;
}

export interface OnboardingProgressTable {
  user_id: string;
  step: string;
  status: 'done' | 'skipped';
  updated_at: string;
}

export interface VaultTable {
  user_id: string;
  revision: number;
  created_at: string;
}

export interface VaultKeysTable {
  user_id: string;
  device_id: string;
  wrapped_data_key: string;
  password_wrapped_data_key: string | null;
  public_key: string;
  wrapped_private_key: string;
  created_at: string;
}

export interface VaultRecordsTable {
  user_id: string;
  id: string;
  revision: number;
  envelope: string;
  deleted: number;
  updated_at: string;
}

export interface TotpTable {
  user_id: string;
  secret_ciphertext: string;
  confirmed: number;
  last_used_step: number | null;
  created_at: string;
}

export interface WebauthnCredentialsTable {
  id: string;
  user_id: string;
  public_key: string;
  counter: number;
  transports: string | null;
  created_at: string;
}

export interface BackupCodesTable {
  user_id: string;
  code_hash: string;
  used_at: string | null;
}

export interface RememberedDevicesTable {
  user_id: string;
  device_id: string;
  until: string;
  /** Migration 0003: SHA-256 (hex) of the secret the device was given; null rows never match. */
  secret_hash: string | null;
}

/**
 * Migration 0002: WebAuthn challenges and pending TOTP enrolments, one live row per user and
 * purpose, single use and with an expiry (WebAuthn §13.4.3).
 */
export interface TwoFactorChallengesTable {
  user_id: string;
  purpose: 'totp_enrolment' | 'webauthn_registration' | 'webauthn_authentication';
  challenge: string;
  rp_id: string | null;
  origin: string | null;
  payload: string | null;
  created_at: string;
  expires_at: string;
}

/** Migration 0003: fixed-window counters (store/window-counter.ts). */
export interface RateLimitCountersTable {
  counter_key: string;
  hits: number;
  window_ends_at: string;
}

/** Migration 0010 (main/backend/webhooks/): the tenant file's hook subscriptions, mirrored at start. */
export interface WebhookSubscriptionsTable {
  hook_id: string;
  event_type: string;
}

/** Migration 0010: the webhook outbox, one row per (hook, event), written with the audit event. */
export interface WebhookDeliveriesTable {
  hook_id: string;
  event_id: string;
  event_type: string;
  body: string;
  status: 'pending' | 'delivered';
  attempts: number;
  created_at: string;
  next_attempt_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  last_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
}

/** Migration 0012 (main/backend/syslog/): who delivers an ordered destination's outbox rows, until when. */
export interface OutboxDestinationsTable {
  id: string;
  lease_owner: string | null;
  lease_until: string | null;
}

/** Migration 0007: an IdP-initiated sign-in waiting for the app to take it over (main/backend/sso/sign-in-handover.ts). */
export interface SignInHandoversTable {
  code_hash: string;
  connection_id: string;
  user_id: string;
  email: string;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
}

/** Migration 0011: an administrator's test sign-in of a connection (main/backend/admin/connection-test.ts). */
export interface ConnectionTestsTable {
  id: string;
  connection_id: string;
  kind: 'oidc' | 'saml';
  /** `user:<id>` of the administrator who started it, or `token`. */
  owner: string;
  state: string | null;
  nonce: string | null;
  pkce_verifier: string | null;
  saml_request_id: string | null;
  redirect_uri: string;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
}

export interface Database {
  users: UsersTable;
  devices: DevicesTable;
  sessions: SessionsTable;
  login_transactions: LoginTransactionsTable;
  saml_replay: SamlReplayTable;
  audit_events: AuditEventsTable;
  onboarding_progress: OnboardingProgressTable;
  vault: VaultTable;
  vault_keys: VaultKeysTable;
  vault_records: VaultRecordsTable;
  two_factor_totp: TotpTable;
  two_factor_webauthn: WebauthnCredentialsTable;
  two_factor_backup_codes: BackupCodesTable;
  two_factor_remembered_devices: RememberedDevicesTable;
  two_factor_challenges: TwoFactorChallengesTable;
  rate_limit_counters: RateLimitCountersTable;
  scim_groups: ScimGroupsTable;
  scim_group_members: ScimGroupMembersTable;
  push_events: PushEventsTable;
  device_approval_requests: DeviceApprovalRequestsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  outbox_destinations: OutboxDestinationsTable;
  sign_in_handovers: SignInHandoversTable;
  recovery_key: RecoveryKeyTable;
  recovery_key_grants: RecoveryKeyGrantsTable;
  vault_recovery: VaultRecoveryTable;
  vault_archives: VaultArchivesTable;
  vault_archive_records: VaultArchiveRecordsTable;
  connection_tests: ConnectionTestsTable;
}
