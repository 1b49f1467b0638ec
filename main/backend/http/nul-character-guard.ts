import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error';

/**
 * U+0000 in any request string: refused, whatever the route. PostgreSQL cannot store it in a
 * text column (it failed as a 500 there, and on SQLite the same request was stored), so the
 * one place that decides is the HTTP boundary, the same for both stores. No field of the
 * contract — emails, ids, names, base64 envelopes, SAML and OIDC answers — may hold it.
 */
export class NulCharacterError extends AppError {
  constructor(readonly field: string) {
    super('bad_request', `${field} may not contain the NUL character (U+0000).`, { detail: { field } });
    this.name = 'NulCharacterError';
  }
}

/** A path as a linked list, so a step deeper costs O(1) however deep the body nests. */
interface Step {
  readonly key: string;
  readonly parent: Step | null;
}

function spell(step: Step): string {
  const keys: string[] = [];
  for (let s: Step | null = step; s !== null; s = s.parent) keys.push(s.key);
  const path = keys.reverse();
  return path.length > 12 ? [...path.slice(0, 6), '…', ...path.slice(-5)].join('.') : path.join('.');
}

/**
 * Where the first string holding U+0000 is (`body.members.0.value`), or null. Iterative, not
 * recursive: a body may nest as deep as its size allows, and that must not overflow the stack.
 */
export function nulCharacterField(value: unknown, root: string): string | null {
  const stack: [unknown, Step][] = [[value, { key: root, parent: null }]];
  while (stack.length > 0) {
    const [v, at] = stack.pop() as [unknown, Step];
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return spell(at);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i -= 1) stack.push([v[i], { key: String(i), parent: at }]);
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, child] = entries[i] as [string, unknown];
        if (key.includes('\u0000')) return `${spell(at)} (a key)`;
        stack.push([child, { key, parent: at }]);
      }
    }
  }
  return null;
}

function refuseNulCharacters(req: FastifyRequest): void {
  const field = nulCharacterField(req.params, 'path') ?? nulCharacterField(req.query, 'query') ?? nulCharacterField(req.body, 'body');
  if (field !== null) throw new NulCharacterError(field.length > 200 ? `${field.slice(0, 200)}…` : field);
}

/** Runs once the request is parsed (and SCIM's token checked), before any handler reads the store. */
export function installNulCharacterGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => refuseNulCharacters(req));
}
