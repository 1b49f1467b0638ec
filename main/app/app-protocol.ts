import { readStaticFile } from '../platform/static-files';
import { APP_HOST } from './app-origin';
import { contentSecurityPolicy } from '../platform/content-security-policy';

/**
 * The `app://keyhaven/` handler: serves the built renderer from disk with the strict CSP.
 * Written against the web-standard Request/Response so it runs (and is tested) in plain Node.
 */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return new Response('Not found', { status: 404 });
    const file = await readStaticFile(rendererDir, url.pathname);
    if (!file) return new Response('Not found', { status: 404 });
    const headers: Record<string, string> = { 'content-type': file.type, 'x-content-type-options': 'nosniff' };
    if (file.type.startsWith('text/html')) headers['content-security-policy'] = contentSecurityPolicy();
    return new Response(new Uint8Array(file.body), { status: 200, headers });
  };
}
