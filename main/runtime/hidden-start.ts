import type { SignInTarget } from '../sso/sign-in-target';
import type { TrayState } from '../platform/tray-status';

/**
 * A start at login goes to the tray and signs in by SSO on its own: with a live session at the
 * identity provider the system browser bounces straight back and nobody has to click. Only when
 * the IdP wants the person (password, MFA, consent) — or nothing answers in time — does Keyhaven
 * say so, once, with a notification.
 */

/** Added to the login item / autostart entry so a login start is recognisable. */
export const HIDDEN_FLAG = '--hidden';

export const NEEDS_SIGN_IN_TITLE = 'Keyhaven needs you to sign in';
export const NEEDS_SIGN_IN_BODY = 'Your organisation’s sign-in page is waiting for you. Click here to open Keyhaven.';

export function shouldStartHidden(
  argv: readonly string[],
  settings: { readonly startHidden: boolean },
  /** macOS login items carry no arguments; Electron reports the login start instead. */
  loginItem: { readonly wasOpenedAtLogin?: boolean } = {},
): boolean {
  return argv.includes(HIDDEN_FLAG) || settings.startHidden || loginItem.wasOpenedAtLogin === true;
}

/** Whom to sign in without asking: an admin-set connection or domain, else the last email used. */
export type SilentSignInTarget =
  | { readonly kind: 'connection'; readonly connectionId: string; readonly email?: string }
  | { readonly kind: 'domain'; readonly domain: string }
  | { readonly kind: 'email'; readonly email: string }
  | { readonly kind: 'none' };

export function silentSignInTarget(input: {
  readonly ssoConnection?: string;
  readonly ssoDomain: string | null;
  readonly lastEmail: string | null;
}): SilentSignInTarget {
  // The managed connection decides where; the last email only tells the IdP whom to expect.
  if (input.ssoConnection) return { kind: 'connection', connectionId: input.ssoConnection, ...(input.lastEmail ? { email: input.lastEmail } : {}) };
  // The person's own last email is more precise than a domain (one domain can map to several).
  if (input.lastEmail) return { kind: 'email', email: input.lastEmail };
  if (input.ssoDomain) return { kind: 'domain', domain: input.ssoDomain };
  return { kind: 'none' };
}

/** What the sign-in flow starts for a silent sign-in target; null when there is nobody to sign in. */
export function signInTargetOf(target: SilentSignInTarget): SignInTarget | null {
  switch (target.kind) {
    case 'connection':
      return { connectionId: target.connectionId, ...(target.email ? { email: target.email } : {}) };
    case 'email':
      return target.email;
    case 'domain':
      return target.domain;
    case 'none':
      return null;
  }
}

export type SilentSignInOutcome =
  | 'signed-in'
  | 'needs-user'
  | { readonly kind: 'signed-in'; readonly email?: string }
  | { readonly kind: 'needs-user' };

export type HiddenStartResult =
  | { readonly kind: 'signed-in'; readonly email?: string }
  | { readonly kind: 'needs-user'; readonly reason: 'interaction-required' | 'timeout' | 'error' };

export interface HiddenStartFlowDeps {
  /** Tries SSO without showing the window; resolves 'needs-user' when the IdP wants the person. */
  readonly signIn: () => Promise<SilentSignInOutcome>;
  readonly notify: (title: string, body: string) => void;
  readonly setTrayState: (state: TrayState) => void;
  /** How long a silent sign-in may take before the person is asked; default 90 s. */
  readonly timeoutMs?: number;
  /** For the log; the flow itself never rethrows. */
  readonly onError?: (err: unknown) => void;
}

export interface HiddenStartFlow {
  /** Runs once; later calls return the first run's result. */
  run(): Promise<HiddenStartResult>;
}

function normalize(outcome: SilentSignInOutcome): { kind: 'signed-in'; email?: string } | { kind: 'needs-user' } {
  if (outcome === 'signed-in') return { kind: 'signed-in' };
  if (outcome === 'needs-user') return { kind: 'needs-user' };
  return outcome;
}

export function createHiddenStartFlow(deps: HiddenStartFlowDeps): HiddenStartFlow {
  const timeoutMs = deps.timeoutMs ?? 90_000;
  let started: Promise<HiddenStartResult> | undefined;

  async function execute(): Promise<HiddenStartResult> {
    deps.setTrayState({ signIn: 'signing-in' });
    let settled = false;
    const needsUser = (reason: 'interaction-required' | 'timeout' | 'error'): HiddenStartResult => {
      settled = true;
      deps.setTrayState({ signIn: 'needs-user' });
      deps.notify(NEEDS_SIGN_IN_TITLE, NEEDS_SIGN_IN_BODY);
      return { kind: 'needs-user', reason };
    };

    const attempt = deps.signIn().then(normalize);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    try {
      const first = await Promise.race([attempt, timedOut]);
      if (first === 'timeout') {
        // The browser may still come back later (the person finishes at the IdP): then the tray
        // catches up quietly, without a second notification.
        attempt.then(
          (late) => {
            if (late.kind === 'signed-in') deps.setTrayState({ signIn: 'signed-in', ...(late.email ? { email: late.email } : {}) });
          },
          (err: unknown) => deps.onError?.(err),
        );
        return needsUser('timeout');
      }
      if (first.kind === 'needs-user') return needsUser('interaction-required');
      settled = true;
      deps.setTrayState({ signIn: 'signed-in', ...(first.email ? { email: first.email } : {}) });
      return first.email ? { kind: 'signed-in', email: first.email } : { kind: 'signed-in' };
    } catch (err) {
      deps.onError?.(err);
      return settled ? { kind: 'needs-user', reason: 'error' } : needsUser('error');
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    run: () => (started ??= execute()),
  };
}
