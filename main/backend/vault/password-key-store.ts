import { AppError } from '../../errors/app-error';
import type { Store } from '../store/store';

export interface PasswordKeyChange {
  readonly userId: string;
  readonly byDeviceId: string;
  /** The password-wrapped data key the device replaced (compare-and-set). */
  readonly expected: string;
  /** The same data key wrapped under the new master password. */
  readonly next: string;
  readonly at: Date;
}

/**
 * A new master password re-wraps the data key only: every key row of the user gets the new
 * password copy in one transaction, or none does. The compare-and-set on the old copy makes a
 * second change begun from the same state (another device, a retry) fail instead of silently
 * replacing a password the person just set. Records are not touched.
 */
export async function replacePasswordKey(store: Store, c: PasswordKeyChange): Promise<void> {
  await store.transaction(async (repos, tx) => {
    const rows = await tx.selectFrom('vault_keys').select(['device_id', 'password_wrapped_data_key']).where('user_id', '=', c.userId).execute();
    if (rows.length === 0) throw new AppError('vault_not_found', 'There is no vault yet.');
    if (rows.some((r) => r.password_wrapped_data_key === null)) {
      throw new AppError('forbidden', 'This vault has no master password to change.');
    }
    const updated = await tx
      .updateTable('vault_keys')
      .set({ password_wrapped_data_key: c.next })
      .where('user_id', '=', c.userId)
      .where('password_wrapped_data_key', '=', c.expected)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== rows.length) {
      throw new AppError('stale_revision', 'The master password was changed meanwhile (on another device?); nothing was changed. Unlock again and retry.');
    }
    await repos.audit.append({ type: 'vault.master_password_changed', at: c.at, userId: c.userId, details: { deviceId: c.byDeviceId, devices: String(rows.length) } });
  });
}
