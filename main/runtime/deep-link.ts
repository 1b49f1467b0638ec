import type { SignInFlow } from '../sso/sign-in-flow';

/** `keyhaven://` URLs reach us as a command-line argument (Windows/Linux) or an open-url event (macOS). */
export const DEEP_LINK_SCHEME = 'keyhaven';

export type DeepLink =
  | { readonly kind: 'sign-in'; readonly email: string | null }
  /** From the backend's ACS page after an IdP dashboard tile (main/backend/sso/sign-in-handover.ts). */
  | { readonly kind: 'handover'; readonly code: string }
  | { readonly kind: 'open' };

export function findDeepLink(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}://`)) ?? null;
}

/** Only a closed set of actions; anything else just brings the window to the front. */
export function parseDeepLink(raw: string): DeepLink {
  try {
    const url = new URL(raw);
    if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return { kind: 'open' };
    const action = (url.host || url.pathname.replace(/^\/+/, '')).toLowerCase();
    if (action === 'sign-in' || action === 'signin') {
      const email = url.searchParams.get('email');
      return { kind: 'sign-in', email: email && email.length <= 320 ? email : null };
    }
    if (action === 'handover') {
      const code = url.searchParams.get('code');
      return code && /^[\w-]{16,128}$/.test(code) ? { kind: 'handover', code } : { kind: 'open' };
    }
    return { kind: 'open' };
  } catch {
    return { kind: 'open' };
  }
}

export type DeepLinkOutcome = 'started' | 'confirming' | 'busy' | 'shown';

/**
 * Any web page can open a keyhaven:// link. A link never replaces a sign-in in progress or the
 * signed-in account: `sign-in` only starts one when there is nothing to disturb, and `handover`
 * only ever asks the person to confirm the account it carries.
 */
export async function followDeepLink(
  raw: string,
  deps: { readonly signIn: Pick<SignInFlow, 'state' | 'start' | 'receiveHandover'>; readonly signedIn: () => Promise<boolean> },
): Promise<DeepLinkOutcome> {
  const link = parseDeepLink(raw);
  if (link.kind === 'handover') {
    const state = await deps.signIn.receiveHandover(link.code);
    return state.kind === 'confirm' ? 'confirming' : 'shown';
  }
  if (link.kind !== 'sign-in' || !link.email) return 'shown';
  const now = deps.signIn.state().kind;
  if (now === 'waiting' || now === 'confirm' || (await deps.signedIn())) return 'busy';
  await deps.signIn.start(link.email);
  return 'started';
}
