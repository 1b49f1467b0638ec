import { AppError } from '../../errors/app-error';

/**
 * One check of a test sign-in (admin/connection-test.ts), as the admin area shows it: passed,
 * failed with its reason code (the error code and, for `invalid_response`, the check that
 * refused, as `detail.check` names it at sign-in), or not evaluated because a check it needs failed.
 */
export interface CheckResult {
  readonly check: string;
  readonly outcome: 'pass' | 'fail' | 'skipped';
  /** On failure: the error code a sign-in would answer (invalid_response, email_domain_not_allowed, jit_disabled…). */
  readonly code: string | null;
  /** On failure: the refusing check's own name (`audience`, `nonce`…), where the code has one. */
  readonly reason: string | null;
  readonly message: string;
}

export function passed(check: string, message: string): CheckResult {
  return { check, outcome: 'pass', code: null, reason: null, message };
}

/** Only AppError texts are shown; anything else stays a generic "internal" (it is logged by nobody: nothing secret in it is sent). */
export function failed(check: string, err: unknown): CheckResult {
  if (!(err instanceof AppError)) return { check, outcome: 'fail', code: 'internal', reason: null, message: 'The check could not run.' };
  return { check, outcome: 'fail', code: err.code, reason: err.detail?.check ?? null, message: err.publicMessage };
}

export function skipped(check: string, because: string): CheckResult {
  return { check, outcome: 'skipped', code: null, reason: null, message: `Not evaluated: ${because}.` };
}

/** The check an AppError names (`detail.check`), else its code. */
export function refusalName(err: unknown): string {
  return err instanceof AppError ? (err.detail?.check ?? err.code) : 'internal';
}

/**
 * Runs one check into `results` instead of throwing. A refusal under a name outside `own` comes
 * from a check this one depends on: it is then shown as not evaluated, naming that check.
 */
export function runCheck<T>(results: CheckResult[], check: string, fn: () => T, o: { readonly own?: readonly string[]; readonly ok: string | ((value: T) => string) }): T | undefined {
  try {
    const value = fn();
    results.push(passed(check, typeof o.ok === 'string' ? o.ok : o.ok(value)));
    return value;
  } catch (err) {
    const name = refusalName(err);
    const own = o.own ?? [check];
    results.push(err instanceof AppError && err.code === 'invalid_response' && !own.includes(name) ? skipped(check, `the ${name} check failed`) : failed(check, err));
    return undefined;
  }
}

/** Marks every check not reached as not evaluated. */
export function skipRest(results: CheckResult[], checks: readonly string[], because: string): void {
  for (const check of checks) if (!results.some((r) => r.check === check)) results.push(skipped(check, because));
}
