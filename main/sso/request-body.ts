import type { IncomingMessage } from 'node:http';

/**
 * A request's body as UTF-8 text, or null once it passes `limit` bytes (nothing more is kept):
 * the loopback servers of sign-in and the web host's transport read their requests with it.
 */
export async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
