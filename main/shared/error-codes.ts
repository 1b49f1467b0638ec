import { ERROR_STATUS, type ErrorCode } from '../errors/app-error';

/** The closed set of error codes (main/errors/app-error.ts) as a list, for schemas such as the IPC contract's error. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];
