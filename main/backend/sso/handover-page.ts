import { escapeHtml } from '../http/html-page';
import type { HandoverOffer } from './sign-in-handover';

/** The deep link the desktop app registers for (`keyhaven://`); the code is its only argument. */
export function handoverLink(code: string): string {
  return `keyhaven://handover?code=${encodeURIComponent(code)}`;
}

/**
 * What the browser shows after the backend's ACS accepted a response: the person is NOT signed in
 * yet (no session was made for a browser that is not the app); the app finishes once they confirm.
 */
export function handoverPage(offer: HandoverOffer): string {
  const minutes = Math.max(1, Math.round((Date.parse(offer.expiresAt) - Date.now()) / 60_000));
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Finish signing in in the Keyhaven app — Keyhaven</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}a.button{display:inline-block;padding:.6rem 1rem;background:#1d4ed8;color:#fff;border-radius:.4rem;text-decoration:none}</style></head>
<body><main><h1>Finish signing in in the Keyhaven app</h1>
<p>Your identity provider confirmed you as <strong>${escapeHtml(offer.email)}</strong>. You are not signed in to Keyhaven yet: open the Keyhaven app to finish. It will ask you to confirm this account.</p>
<p><a class="button" href="${escapeHtml(handoverLink(offer.code))}">Open Keyhaven</a></p>
<p>This link works once, within ${minutes} minutes. If Keyhaven is not installed on this computer, nothing happens: sign in from the app instead.</p>
</main></body></html>`;
}
