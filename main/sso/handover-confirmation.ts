import { AppError } from '../errors/app-error';
import type { Logger } from '../log/logger';
import type { SignInState } from '../../preload/contract';
import { API } from '../api/api';
import type { ApiClient } from '../api/api-client';
import type { HandoverOffer } from '../api/endpoints/sso';

/**
 * The question "Sign in as …?" for a sign-in Keyhaven did not start (an IdP-initiated response,
 * a `keyhaven://` link): the account is taken only once the person says yes. While the question
 * is open, what happens meanwhile waits behind it and shows once it is answered.
 */
export interface HandoverConfirmation {
  isOpen(): boolean;
  /** Keeps `state` behind the open question (true), or says there is none (false). */
  hold(state: SignInState): boolean;
  /** Asks about `offer`, replacing an earlier question; answers the `confirm` state to show. */
  ask(offer: HandoverOffer, source: 'identity-provider' | 'link', current: SignInState): SignInState;
  /** Gives the question up (the code is given up on the backend, and audited there); answers what was behind it. */
  drop(reason: 'declined' | 'superseded'): SignInState | null;
  /** Ends the question to redeem its code; null when none is open. */
  take(): string | null;
  /** What to show after the question: a wait that is over meanwhile is shown as idle. */
  settle(behind: SignInState): SignInState;
  close(): void;
}

export interface HandoverConfirmationDeps {
  readonly backend: ApiClient;
  readonly log: Logger;
  readonly now: () => number;
  /** Shows a state in the app. */
  readonly show: (state: SignInState) => SignInState;
  /** Whether a sign-in the app started is still waiting at the IdP. */
  readonly waiting: () => boolean;
}

interface Open {
  readonly code: string;
  readonly timer: NodeJS.Timeout;
  behind: SignInState;
}

export function createHandoverConfirmation(deps: HandoverConfirmationDeps): HandoverConfirmation {
  let open: Open | null = null;

  const settle = (behind: SignInState): SignInState => (behind.kind === 'waiting' && !deps.waiting() ? { kind: 'idle' } : behind);

  function drop(reason: 'declined' | 'superseded'): SignInState | null {
    const c = open;
    if (!c) return null;
    open = null;
    clearTimeout(c.timer);
    deps.backend
      .call(API.sso.declineHandover, { body: { code: c.code, reason } })
      .catch((err: unknown) => deps.log.info({ code: err instanceof AppError ? err.code : 'internal' }, 'handover decline not recorded'));
    deps.log.info({ reason }, 'sign-in not started by Keyhaven given up');
    return c.behind;
  }

  return {
    isOpen: () => open !== null,
    hold(state) {
      if (!open || state.kind === 'signed-in' || state.kind === 'confirm') return false;
      open.behind = state;
      return true;
    },
    ask(offer, source, current) {
      const behind = drop('superseded') ?? current;
      const timer = setTimeout(() => {
        if (open?.code !== offer.code) return;
        const back = open.behind;
        open = null;
        deps.show(settle(back));
      }, Math.max(0, Date.parse(offer.expiresAt) - deps.now()));
      timer.unref?.();
      // A stale "signed-in" is not shown again: the live session view is the renderer's own.
      open = { code: offer.code, timer, behind: behind.kind === 'waiting' || behind.kind === 'failed' ? behind : { kind: 'idle' } };
      deps.log.info({ source }, 'sign-in not started by Keyhaven: asking the person to confirm the account');
      return deps.show({ kind: 'confirm', email: offer.email, source, expiresAt: offer.expiresAt });
    },
    drop,
    take() {
      const c = open;
      if (!c) return null;
      open = null;
      clearTimeout(c.timer);
      return c.code;
    },
    settle,
    close() {
      if (open) clearTimeout(open.timer);
      open = null;
    },
  };
}
