import { AppError } from '../../errors/app-error';
import type { Logger } from '../../log/logger';
import type { Store } from '../store/store';

export type SignInStage = 'lookup' | 'start' | 'complete';

/**
 * One `sign_in.failed` event per failed step, with the reason code, the email that was tried
 * (when there is one) and the client's IP — what an administrator needs to see who could not
 * get in and why. Never the IdP's answer itself. An audit failure is logged, never masks the
 * sign-in error.
 */
export async function auditSignInFailure(
  deps: { store: Store; logger: Logger; now: () => Date },
  o: { stage: SignInStage; error: unknown; email: string | null; clientIp: string | undefined; connectionId: string | null },
): Promise<void> {
  const code = o.error instanceof AppError ? o.error.code : 'internal';
  const message = o.error instanceof AppError ? o.error.publicMessage : 'internal error';
  try {
    await deps.store.audit.append({
      type: 'sign_in.failed',
      at: deps.now(),
      connectionId: o.connectionId,
      reason: code,
      email: o.email === null ? null : o.email.trim().toLowerCase().slice(0, 320),
      ip: o.clientIp ?? null,
      details: { stage: o.stage, message },
    });
  } catch (auditErr) {
    deps.logger.error({ err: auditErr }, 'could not audit a failed sign-in');
  }
}
