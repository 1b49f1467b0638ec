/** The small page the browser tab shows after the IdP sent it back to us. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface LoopbackPage {
  readonly status: number;
  readonly title: string;
  readonly message: string;
  readonly code?: string;
}

export function renderLoopbackPage(page: LoopbackPage): string {
  const code = page.code ? `<p class="code">Reason: <code>${escapeHtml(page.code)}</code></p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)} – Keyhaven</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#0f172a}h1{font-size:1.4rem}.code{color:#475569}</style>
</head><body><main><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.message)}</p>${code}</main></body></html>`;
}

/** Nothing on this page may run script or load anything; the inline style is the only exception. */
export const LOOPBACK_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
