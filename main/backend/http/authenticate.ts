import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors/app-error';
import { hashToken } from '../sessions/session-token';
import type { SessionRow, Store, UserRow } from '../store/store';

export interface SessionAuth {
  readonly user: UserRow;
  readonly session: SessionRow;
}

export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m?.[1] ?? null;
}

/** Resolves `Authorization: Bearer <session token>` to the signed-in, active user. */
export function createAuthenticate(deps: { store: Store; now: () => Date }) {
  return async function authenticate(req: FastifyRequest): Promise<SessionAuth> {
    const token = bearerToken(req);
    if (token === null) throw new AppError('unauthorized', 'Sign in first (missing bearer token).');
    const session = await deps.store.sessions.findValid(hashToken(token), deps.now());
    if (!session) throw new AppError('session_expired', 'Your session has expired. Please sign in again.');
    const user = await deps.store.users.findById(session.userId);
    if (!user) throw new AppError('session_expired', 'Your session has expired. Please sign in again.');
    if (user.status !== 'active') throw new AppError('user_deactivated', 'This account has been deactivated by an administrator.');
    return { user, session };
  };
}
