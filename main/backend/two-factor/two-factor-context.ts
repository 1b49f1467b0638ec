import { AppError } from '../../errors/app-error';
import type { TwoFactorKeys } from './secret-box';
import type { TwoFactorRepo } from '../store/store';

/** What every two-factor service part is built from; made once by `createTwoFactorService`. */
export interface TwoFactorContext {
  readonly repository: TwoFactorRepo;
  readonly keys: TwoFactorKeys;
  readonly clock: () => Date;
  readonly random: (size: number) => Buffer;
  readonly limits: TwoFactorLimits;
}

export interface TwoFactorLimits {
  /** How long a WebAuthn challenge stays usable. */
  readonly challengeTtlMs: number;
  /** How long a started TOTP enrolment waits for its confirming code. */
  readonly totpEnrolmentTtlMs: number;
  /** Failed proofs tolerated per user within `failureWindowMs` before refusing further tries. */
  readonly maxFailures: number;
  readonly failureWindowMs: number;
}

export const DEFAULT_LIMITS: TwoFactorLimits = {
  challengeTtlMs: 5 * 60_000,
  totpEnrolmentTtlMs: 10 * 60_000,
  // 6-digit codes with a ±1 step window give 3 chances in 10^6 per guess; five guesses per
  // quarter hour keep an online attacker far from any useful probability (RFC 4226 §7.3).
  maxFailures: 5,
  failureWindowMs: 15 * 60_000,
};

/**
 * Runs one proof under the lockout. The attempt is counted first, atomically (the count
 * includes it), and the proof is checked only when that count is within the limit: of any
 * number of concurrent guesses, at most `maxFailures` per window are ever checked. A wrong
 * proof keeps its count; a right one clears the count; anything else (an expired challenge, a
 * malformed response) tested no code and gives its attempt back.
 */
export async function guardedProof(ctx: TwoFactorContext, userId: string, check: () => Promise<void>): Promise<void> {
  const attempts = await ctx.repository.reserveAttempt(userId, ctx.limits.failureWindowMs, ctx.clock());
  if (attempts > ctx.limits.maxFailures) {
    throw new AppError('too_many_attempts', 'Too many wrong codes. Wait a few minutes and try again.');
  }
  try {
    await check();
  } catch (err) {
    if (!(err instanceof AppError && err.code === 'invalid_two_factor_code')) await ctx.repository.releaseAttempt(userId);
    throw err;
  }
  await ctx.repository.clearAttempts(userId);
}

/** A proof that tested a code and failed: it counts against the lockout (see guardedProof). */
export function wrongProof(message: string): AppError {
  return new AppError('invalid_two_factor_code', message);
}
