import * as client from 'openid-client';
import { AppError, responseCheckFailed } from '../../errors/app-error';

/** Names the failed check in the message; never includes tokens or codes. */
export function toInvalidResponse(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof client.AuthorizationResponseError) {
    return new AppError('idp_error', `The identity provider answered with error "${safeCode(err.error)}".`, { detail: { idp_error: safeCode(err.error) } });
  }
  if (err instanceof client.ResponseBodyError) {
    return responseCheckFailed('token_exchange', `the IdP refused the code (${safeCode(err.error)})`);
  }
  // openid-client wraps oauth4webapi's precise reason (e.g. 'unexpected ID Token "nonce"
  // claim value') in a generic one; the precise text names a check, never a value.
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : '';
  const message = cause !== '' ? cause : err instanceof Error ? err.message : String(err);
  const check = /"state"/.test(message)
    ? 'state'
    : /"iss"|issuer/i.test(message)
      ? 'iss'
      : /nonce/.test(message)
        ? 'nonce'
        : /code_verifier|pkce/i.test(message)
          ? 'pkce'
          : 'id_token';
  return responseCheckFailed(check, message.slice(0, 200), { cause: err });
}

export function safeCode(code: string): string {
  return /^[\w.-]{1,64}$/.test(code) ? code : 'unknown';
}
