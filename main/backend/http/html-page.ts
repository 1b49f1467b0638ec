const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** A tiny standalone page for browser-facing answers; every value is escaped. */
export function htmlPage(title: string, text: string, errorCode?: string): string {
  const code = errorCode === undefined ? '' : `<p>Error code: <code data-error="${escapeHtml(errorCode)}">${escapeHtml(errorCode)}</code></p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} — Keyhaven</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>${code}</main></body></html>`;
}
