import { AppError } from '../../errors/app-error';

/**
 * The stable short names of the SAML response checks. They prefix every `invalid_response`
 * message ("audience: …") so the route layer, logs and tests can tell which check failed
 * without parsing prose. Add names; never rename one.
 */
export type SamlCheck =
  | 'size'
  | 'encoding'
  | 'dtd'
  | 'xml'
  | 'schema'
  | 'status'
  | 'assertion_count'
  | 'encrypted_assertion'
  | 'comment'
  | 'signature'
  | 'algorithm'
  | 'issuer'
  | 'destination'
  | 'recipient'
  | 'subject_confirmation'
  | 'audience'
  | 'not_before'
  | 'not_on_or_after'
  | 'in_response_to'
  | 'idp_initiated'
  | 'email';

export function samlCheckFailed(check: SamlCheck, text: string): AppError {
  return new AppError('invalid_response', `${check}: ${text}`);
}
