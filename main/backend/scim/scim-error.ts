import { AppError, type ErrorCode } from '../../errors/app-error';

export const SCIM_ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The media type of every SCIM answer, errors included (RFC 7644 §3.1). */
export const SCIM_JSON = 'application/scim+json; charset=utf-8';

/** RFC 7644 §3.12 Table 9. */
export type ScimType = 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue' | 'invalidVers' | 'sensitive';

/** A SCIM request refused for a reason RFC 7644 names; the route layer sends it in the SCIM error schema. */
export class ScimError extends AppError {
  readonly scimType: ScimType | null;

  constructor(status: 400 | 401 | 403 | 404 | 409 | 413 | 501, scimType: ScimType | null, detail: string) {
    super(codeFor(status), detail, { status });
    this.name = 'ScimError';
    this.scimType = scimType;
  }
}

function codeFor(status: number): ErrorCode {
  switch (status) {
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    default:
      return 'bad_request';
  }
}

export const invalidValue = (detail: string) => new ScimError(400, 'invalidValue', detail);
export const invalidSyntax = (detail: string) => new ScimError(400, 'invalidSyntax', detail);
export const invalidFilter = (detail: string) => new ScimError(400, 'invalidFilter', detail);
export const noTarget = (detail: string) => new ScimError(400, 'noTarget', detail);
export const mutability = (detail: string) => new ScimError(400, 'mutability', detail);
export const uniqueness = (detail: string) => new ScimError(409, 'uniqueness', detail);

/**
 * The SCIM error body (RFC 7644 §3.12: status as a string). It also carries Keyhaven's
 * `error`/`message` pair, which every 4xx/5xx of the backend has (CONTRACT.md).
 */
export function scimErrorBody(err: AppError): Record<string, unknown> {
  const scimType = err instanceof ScimError ? err.scimType : err.code === 'payload_too_large' ? null : err.status === 400 ? 'invalidSyntax' : null;
  return {
    schemas: [SCIM_ERROR_SCHEMA],
    status: String(err.status),
    ...(scimType === null ? {} : { scimType }),
    detail: err.publicMessage,
    error: err.code,
    message: err.publicMessage,
  };
}
