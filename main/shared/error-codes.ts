import { ERROR_STATUS, type ErrorCode } from '../errors/app-error';

/** The closed set of error codes as a list, for schemas (the IPC contract's error) and the renderer. */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];
export type { ErrorCode };
