import { AppError } from '../../errors/app-error';
import type { TwoFactorKeys } from './secret-box';
import type { TwoFactorRepository } from './two-factor-repository';

/** What every two-factor service part is built from; made once by `createTwoFactorService`. */
export interface TwoFactorContext {
  readonly repository: TwoFactorRepository;
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

/** Refuses before checking anything when the user has used up their tries. */
export async function assertNotThrottled(ctx: TwoFactorContext, userId: string): Promise<void> {
  const since = new Date(ctx.clock().getTime() - ctx.limits.failureWindowMs);
  if ((await ctx.repository.countFailuresSince(userId, since)) >= ctx.limits.maxFailures) {
    throw new AppError('too_many_attempts', 'Too many wrong codes. Wait a few minutes and try again.');
  }
}

/** Records the failure and returns the error to throw. */
export async function failedProof(ctx: TwoFactorContext, userId: string, message: string): Promise<AppError> {
  await ctx.repository.recordFailure(userId, ctx.clock());
  return new AppError('invalid_two_factor_code', message);
}

export async function succeededProof(ctx: TwoFactorContext, userId: string): Promise<void> {
  await ctx.repository.clearFailures(userId);
}
