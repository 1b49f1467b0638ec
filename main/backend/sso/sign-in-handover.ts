import { AppError } from '../../errors/app-error';
import { findConnection, type SamlConnection, type TenantConfig } from '../config/tenant-config';
import { finishSignIn, findOrProvisionUser, type SignInResult } from '../jit/finish-sign-in';
import { hashToken, randomId } from '../sessions/session-token';
import type { DeviceInfo, Store } from '../store/store';
import { createSignInHandoverRepository, type SignInHandoverRow } from './sign-in-handover-repository';

/**
 * A checked identity handed to the desktop app instead of a session: the browser (at the
 * backend's ACS) or the app's loopback ACS gets a one-time code; the app shows the person the
 * account and, once they confirm, redeems the code for a session on its own device. Used where a
 * session must not simply appear: an IdP dashboard tile (the browser is not the app), and an
 * unsolicited response while the app is signed in or waiting (login CSRF).
 */
export const HANDOVER_TTL_MS = 5 * 60_000;

export interface HandoverOffer {
  readonly code: string;
  readonly email: string;
  readonly connectionId: string;
  readonly expiresAt: string;
}

/** Why a handover was given up: the person said no, or another sign-in replaced it. */
export type DeclineReason = 'declined' | 'superseded';

export interface SignInHandovers {
  /** After every check passed: provisions the user (JIT) and issues a code; no session yet. */
  issue(connection: SamlConnection, o: { email: string; clientIp?: string | undefined; groups?: readonly string[] | undefined }): Promise<HandoverOffer>;
  /** Whose sign-in a code carries, without using it. */
  inspect(code: string): Promise<Omit<HandoverOffer, 'code'>>;
  redeem(o: { code: string; device: DeviceInfo | null; clientIp?: string | undefined }): Promise<SignInResult>;
  decline(o: { code: string; reason: DeclineReason }): Promise<void>;
}

/** Expired handovers are swept on the write path, at most this often per instance. */
const SWEEP_MS = 60_000;

export function createSignInHandovers(deps: { config: TenantConfig; store: Store; now: () => Date }): SignInHandovers {
  const repo = createSignInHandoverRepository(deps.store.kysely);
  let lastSweep = 0;

  /** `row` is unused (found) or was just consumed by this caller. */
  const live = (row: SignInHandoverRow | undefined, now: Date, consumedHere = false): SignInHandoverRow => {
    if (!row || (!consumedHere && row.consumedAt !== null)) {
      throw new AppError('transaction_not_found', 'This sign-in link was already used or is unknown. Sign in again.');
    }
    if (row.expiresAt.getTime() <= now.getTime()) throw new AppError('transaction_expired', 'This sign-in link has expired. Sign in again.');
    return row;
  };

  const offerOf = (row: SignInHandoverRow): Omit<HandoverOffer, 'code'> => ({ email: row.email, connectionId: row.connectionId, expiresAt: row.expiresAt.toISOString() });

  return {
    async issue(connection, o) {
      const now = deps.now();
      if (now.getTime() - lastSweep >= SWEEP_MS) {
        lastSweep = now.getTime();
        await repo.deleteExpired(new Date(now.getTime() - 24 * 3600_000));
      }
      const email = o.email.toLowerCase();
      const user = await deps.store.transaction(async (repos) => {
        const found = await findOrProvisionUser(repos, deps.config, { connection, email, clientIp: o.clientIp, now, groups: o.groups });
        const base = { at: now, userId: found.user.id, connectionId: connection.id };
        await repos.audit.appendAll([
          ...(found.created ? [{ ...base, type: 'user.provisioned', details: { node: found.user.node, role: found.user.role } }] : []),
          { ...base, type: 'sign_in.handover_issued', details: { method: 'saml' } },
        ]);
        return found.user;
      });
      const code = randomId(32);
      const expiresAt = new Date(now.getTime() + HANDOVER_TTL_MS);
      await repo.create({ codeHash: hashToken(code), connectionId: connection.id, userId: user.id, email: user.email, createdAt: now, expiresAt });
      return { code, email: user.email, connectionId: connection.id, expiresAt: expiresAt.toISOString() };
    },

    async inspect(code) {
      return offerOf(live(await repo.find(hashToken(code)), deps.now()));
    },

    async redeem(o) {
      const now = deps.now();
      // Consumed before anything else: a code is worth one attempt, successful or not.
      const row = live(await repo.consume(hashToken(o.code), now), now, true);
      const connection = findConnection(deps.config, row.connectionId);
      if (!connection) throw new AppError('transaction_not_found', 'The sign-in connection of this link no longer exists. Sign in again.');
      return finishSignIn(deps, { connection, email: row.email, device: o.device, method: 'saml-handover', clientIp: o.clientIp });
    },

    async decline(o) {
      const now = deps.now();
      const row = await repo.consume(hashToken(o.code), now);
      if (!row) return;
      await deps.store.audit.append({ type: 'sign_in.declined', at: now, userId: row.userId, connectionId: row.connectionId, reason: o.reason, details: { method: 'saml-handover' } });
    },
  };
}
