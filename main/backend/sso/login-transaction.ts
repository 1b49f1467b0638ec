import { AppError } from '../../errors/app-error';
import type { LoginTransactionRow, Store } from '../store/store';

export const LOGIN_TRANSACTION_TTL_MS = 10 * 60 * 1000;

/**
 * Takes a login transaction for exactly one completion attempt. It is consumed before any
 * check runs, so a failed or replayed attempt cannot be retried with the same transaction.
 */
export async function consumeLoginTransaction(store: Store, id: string, now: Date): Promise<LoginTransactionRow> {
  const tx = await store.loginTransactions.consume(id, now);
  if (!tx) {
    const known = await store.loginTransactions.find(id);
    throw new AppError(
      'transaction_not_found',
      known ? 'This sign-in was already completed or attempted. Please start again.' : 'Unknown sign-in transaction. Please start again.',
    );
  }
  if (tx.expiresAt.getTime() <= now.getTime()) {
    throw new AppError('transaction_expired', 'This sign-in took too long. Please start again.');
  }
  return tx;
}
