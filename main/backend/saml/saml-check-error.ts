import { responseCheckFailed, type AppError } from '../../errors/app-error';

/**
 * The stable short names of the SAML response checks. They prefix every `invalid_response`
 * message ("audience: …") for people and travel as `detail.check` for programs, so nobody
 * has to parse prose to tell which check failed. Add names; never rename one.
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
  return responseCheckFailed(check, text);
}
