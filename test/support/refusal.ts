import { AppError } from '../../main/errors/app-error';

/** The code of an AppError, or a text that fails any comparison with a code for anything else thrown. */
export function errorCode(error: unknown): string {
  return error instanceof AppError ? error.code : `not an AppError: ${String(error)}`;
}

/** What `run` refuses with: its AppError's code, or 'opened' when it does not throw. */
export function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return errorCode(error);
  }
  return 'opened';
}
