import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors/app-error';
import type { MasterPasswordRules } from '../policy/enforcement-policy';
import type { VaultApi } from './api/vault-api';
import { unwrapWithPassword, wrapWithPassword } from './crypto/password-wrap';
import { checkMasterPassword } from './passwords/master-password-rules';
import type { VaultSession } from './vault-session';

/**
 * A new master password re-wraps the data key and nothing else: record envelopes (each sealed
 * by its own key, wrapped by the data key) stay byte for byte as they are. The current password
 * must open today's copy to the very data key this unlocked session holds.
 */
export async function changeMasterPassword(o: {
  readonly api: VaultApi;
  readonly session: VaultSession;
  readonly current: string;
  readonly next: string;
  readonly rules: MasterPasswordRules;
}): Promise<void> {
  const copy = await passwordCopy(o.api, o.session);
  if (copy === null) throw new AppError('forbidden', 'This vault has no master password: it opens with the key kept on your devices.');
  await checkOpens(copy, o.current, o.session);
  const unmet = checkMasterPassword(o.next, o.rules);
  if (unmet.length > 0) {
    throw new AppError('weak_master_password', `The new master password does not meet your organisation's rules: ${unmet.map((u) => u.message).join('; ')}.`);
  }
  if (o.next === o.current) throw new AppError('weak_master_password', 'The new master password is the same as the current one.');
  const next = await wrapWithPassword(o.session.dataKey, o.next);
  await o.api.replacePasswordKey({ expected: copy, next });
}

/**
 * Re-authentication with the master password (before an export): 'confirmed' when the password
 * opens the vault's copy to this session's own data key; 'none' when no password was given or
 * the vault has none (the caller then needs another proof, a recent sign-in).
 */
export async function confirmMasterPassword(api: VaultApi, session: VaultSession, password: string | null): Promise<'confirmed' | 'none'> {
  if (password === null || password === '') return 'none';
  const copy = await passwordCopy(api, session);
  if (copy === null) return 'none';
  await checkOpens(copy, password, session);
  return 'confirmed';
}

async function passwordCopy(api: VaultApi, session: VaultSession): Promise<string | null> {
  const { keys } = await api.getVault({ since: session.revision });
  if (keys === null) throw new AppError('vault_not_found', 'There is no vault for this account yet.');
  return keys.passwordWrappedDataKey;
}

async function checkOpens(copy: string, password: string, session: VaultSession): Promise<void> {
  const opened = await unwrapWithPassword(copy, password);
  try {
    if (opened.length !== session.dataKey.length || !timingSafeEqual(opened, session.dataKey)) {
      throw new AppError('wrong_master_password', 'That is not the master password of this vault.');
    }
  } finally {
    opened.fill(0);
  }
}
