import type { ErrorCode } from '../../../main/errors/app-error';
import type { ContractError } from '../../../preload/contract';

/**
 * The only place that words errors for people. Each code gets a plain title; the message from
 * main or the backend (already safe to show) adds the specifics. Typed by the closed set of
 * codes, so a new code without words does not compile.
 */
const TITLES: Readonly<Record<ErrorCode, string>> = {
  no_sso_for_domain: 'Your organisation does not use Keyhaven with this email domain',
  invalid_email: 'That does not look like a work email address',
  email_domain_not_allowed: 'This account is not allowed to sign in here',
  jit_disabled: 'Your account has not been set up yet',
  user_deactivated: 'Your Keyhaven account has been deactivated',
  invalid_response: 'The sign-in answer from your identity provider was refused',
  transaction_not_found: 'This sign-in attempt is no longer valid',
  transaction_expired: 'The sign-in took too long',
  idp_initiated_not_allowed: 'Sign-in must start from Keyhaven',
  idp_error: 'Your identity provider reported a problem',
  sign_in_cancelled: 'Sign-in cancelled',
  sign_in_timeout: 'The sign-in took too long',
  session_expired: 'You have been signed out',
  two_factor_required: 'Two-factor verification needed',
  invalid_two_factor_code: 'That code did not work',
  onboarding_incomplete: 'A required setup step is not finished',
  vault_locked: 'Your vault is locked',
  tampered: 'Some vault data failed its integrity check',
  keychain_unavailable: 'The system keychain is not available',
  weak_master_password: 'The master password does not meet your organisation’s rules',
  wrong_master_password: 'Wrong master password',
  stale_revision: 'Your vault changed on another device',
  import_not_allowed: 'Importing is turned off for your role',
  unrecognized_format: 'We could not recognise this file',
  file_too_large: 'This file is too large',
  unreadable_file: 'We could not read this file',
  backend_unreachable: 'Keyhaven cannot reach its server',
  offline_expired: 'The offline copy of your vault has expired',
  forbidden: 'Not allowed',
  bad_request: 'Something in the request was not right',
  internal: 'Something went wrong',
  too_many_attempts: 'Too many attempts',
  rate_limited: 'Too many requests right now — try again in a moment',
  server_busy: 'The server is busy — try again in a moment',
  ip_not_allowed: 'Sign-in is not allowed from this network',
  challenge_expired: 'That request expired',
  security_key_failed: 'The security key did not work',
  two_factor_minimum: 'Your role requires a second factor',
  reauthentication_required: 'Confirm it’s you first',
  export_not_allowed: 'Your organisation does not allow exporting the vault',
  device_not_enrolled: 'This device cannot open your vault yet',
  device_removed: 'This device was removed from your account',
  device_not_trusted: 'Only a device that can open your vault can do this',
  approval_request_not_found: 'That approval request no longer exists',
  approval_wrong_user: 'That approval request belongs to someone else',
  approval_expired: 'The approval request expired',
  approval_already_used: 'That approval request was already answered',
  approval_denied: 'Your other device refused this request',
  recovery_key_mismatch: 'The recovery key does not match the one your organisation pinned',
  recovery_key_not_set_up: 'Account recovery is not set up yet',
  recovery_key_not_granted: 'You hold no copy of the recovery key yet',
  recovery_not_enrolled: 'This person’s vault is not enrolled for account recovery',
  import_password_required: 'This file needs its password',
  wrong_import_password: 'Wrong password for this file',
  vault_not_found: 'There is no vault yet',
  vault_exists: 'You already have a vault',
  not_found: 'Not found',
  conflict: 'That changed in the meantime',
  payload_too_large: 'That is too large',
  unauthorized: 'Please sign in again',
  config_invalid: 'The configuration is not valid',
};

export interface ErrorText {
  readonly title: string;
  readonly detail: string;
}

export function errorText(error: ContractError): ErrorText {
  return { title: TITLES[error.code], detail: error.message };
}
