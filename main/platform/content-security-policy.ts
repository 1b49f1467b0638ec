/**
 * One strict CSP for the renderer in both hosts: only our own scripts, no eval, no inline
 * script, no plugins, no framing, no form posts. `connect` names the one extra place the page
 * may talk to (the web host's WebSocket); in Electron the page talks to main over IPC only.
 */
export function contentSecurityPolicy(connect: readonly string[] = []): string {
  const connectSrc = connect.length > 0 ? `'self' ${connect.join(' ')}` : "'none'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${connectSrc}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
