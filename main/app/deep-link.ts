/** `keyhaven://` URLs reach us as a command-line argument (Windows/Linux) or an open-url event (macOS). */
export const DEEP_LINK_SCHEME = 'keyhaven';

export type DeepLink = { readonly kind: 'sign-in'; readonly email: string | null } | { readonly kind: 'open' };

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
    return { kind: 'open' };
  } catch {
    return { kind: 'open' };
  }
}
