/**
 * The one error family of Keyhaven. Every failure that crosses a boundary (IPC, HTTP, CLI)
 * carries one of these codes; the boundary converts it once to `{ error, message }`.
 * Unknown errors become `internal`: logged in full, sent only as a generic message.
 */
export const ERROR_STATUS = {
  // request shape
  bad_request: 400,
  payload_too_large: 413,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  // sign-in
  no_sso_for_domain: 404,
  invalid_email: 400,
  email_domain_not_allowed: 403,
  jit_disabled: 403,
  user_deactivated: 403,
  invalid_response: 400,
  transaction_not_found: 400,
  transaction_expired: 400,
  idp_initiated_not_allowed: 403,
  idp_error: 400,
  sign_in_cancelled: 400,
  sign_in_timeout: 408,
  session_expired: 401,
  two_factor_required: 401,
  invalid_two_factor_code: 401,
  security_key_failed: 400,
  /** Removing this second factor would leave fewer than the role requires. */
  two_factor_minimum: 409,
  /** The action needs a fresh proof of identity: the master password, or a new sign-in at the IdP. */
  reauthentication_required: 401,
  onboarding_incomplete: 403,
  too_many_attempts: 429,
  /** A request limit (per client address or per account) was reached; `Retry-After` says when to try again. */
  rate_limited: 429,
  challenge_expired: 400,
  ip_not_allowed: 403,
  // vault
  vault_exists: 409,
  vault_not_found: 404,
  /** This device holds no key for the vault (new device, or keychain entry gone): password or approval needed. */
  device_not_enrolled: 403,
  // devices and approvals
  /** The server removed this device (Settings → Devices on another device). */
  device_removed: 401,
  /** Approving, denying or removing devices needs a device that can open the vault. */
  device_not_trusted: 403,
  approval_request_not_found: 404,
  approval_wrong_user: 403,
  approval_expired: 410,
  approval_already_used: 409,
  approval_denied: 403,
  /** The recovery public key offered differs from the pinned fingerprint (tenant config or managed.json): nothing is enrolled to it. */
  recovery_key_mismatch: 409,
  /** No administrator has made the organisation's recovery key yet. */
  recovery_key_not_set_up: 404,
  /** This administrator holds no copy of the recovery private key (another administrator grants it). */
  recovery_key_not_granted: 403,
  /** The user's vault holds no copy of its data key for the recovery key: an administrator cannot approve. */
  recovery_not_enrolled: 409,
  vault_locked: 423,
  stale_revision: 409,
  tampered: 422,
  keychain_unavailable: 503,
  weak_master_password: 400,
  wrong_master_password: 401,
  /** The offline window (`offlineAccessDays` since the last contact with the backend) ran out: the copy was wiped. */
  offline_expired: 403,
  // import
  import_not_allowed: 403,
  /** The role's policy does not allow exporting the vault. */
  export_not_allowed: 403,
  unrecognized_format: 400,
  file_too_large: 413,
  unreadable_file: 400,
  import_password_required: 401,
  wrong_import_password: 401,
  // configuration
  config_invalid: 500,
  /** The database stayed busy (another process writing) past every retry; nothing was changed; retry. */
  server_busy: 503,
  backend_unreachable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * Machine-readable specifics of an error, like oidc-provider's `error_detail`: e.g. which
 * sign-in check refused an answer (`{ check: 'audience' }`). Clients branch on these fields,
 * never on the message text. Values are short identifiers, never user data or secrets.
 */
export type ErrorDetail = Readonly<Record<string, string>>;

export interface ErrorBody {
  readonly error: ErrorCode;
  readonly message: string;
  readonly detail?: ErrorDetail;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Safe to show to a user and to send over a boundary. */
  readonly publicMessage: string;
  readonly detail: ErrorDetail | undefined;

  constructor(code: ErrorCode, publicMessage: string, options?: { cause?: unknown; status?: number; detail?: ErrorDetail }) {
    super(publicMessage, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options?.status ?? ERROR_STATUS[code];
    this.publicMessage = publicMessage;
    this.detail = options?.detail;
  }

  toBody(): ErrorBody {
    return this.detail === undefined ? { error: this.code, message: this.publicMessage } : { error: this.code, message: this.publicMessage, detail: this.detail };
  }
}

/**
 * An OIDC or SAML answer that failed one named check. The check is carried twice on purpose:
 * as `detail.check` for programs, and as the message's first word for people reading logs.
 */
export function responseCheckFailed(check: string, text: string, options?: { cause?: unknown }): AppError {
  return new AppError('invalid_response', `${check}: ${text}`, { ...options, detail: { check } });
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}

/** Converts anything thrown into the public body; unknown errors never leak their text. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof AppError) return err.toBody();
  return { error: 'internal', message: 'Something went wrong on our side. Please try again.' };
}
