import { z } from 'zod';
import { AppError } from '../errors/app-error';
import type { Keychain } from '../vault/keychain/keychain';

/**
 * The session token lives in the OS keychain only (never a plain file): one entry per backend,
 * naming the user so the vault's device key can be found on the next launch.
 */
const storedSchema = z.object({ token: z.string().min(16), userId: z.string().min(1), expiresAt: z.string() }).strict();
export type StoredSession = z.infer<typeof storedSchema>;

export interface SessionStore {
  load(): Promise<StoredSession | null>;
  save(session: StoredSession): Promise<void>;
  clear(): Promise<void>;
}

export function sessionAccount(backendUrl: string): string {
  return `${backendUrl.replace(/\/+$/, '')}|session`;
}

export function createSessionStore(keychain: Keychain, backendUrl: string): SessionStore {
  const account = sessionAccount(backendUrl);
  return {
    async load() {
      const raw = await keychain.get(account);
      if (raw === null) return null;
      try {
        return storedSchema.parse(JSON.parse(raw));
      } catch {
        await keychain.delete(account);
        return null;
      }
    },
    async save(session) {
      await keychain.set(account, JSON.stringify(storedSchema.parse(session)));
      const back = await keychain.get(account);
      if (back === null) throw new AppError('keychain_unavailable', 'The system keychain did not keep the session (is it locked?).');
    },
    async clear() {
      await keychain.delete(account);
    },
  };
}
