import type { AdminApprovalPrompt, AdminRecoveryView } from '../../preload/channels/admin-channels';
import { API } from '../api/api';
import type { ApiClient } from '../api/api-client';
import type { AdminRequestView, RecoveryStatus } from '../api/endpoints/recovery';
import { AppError } from '../errors/app-error';
import type { Logger } from '../log/logger';
import { verifiedRecoveryKey, type RecoveryPublicKey } from '../vault/account-recovery';
import { fingerprintPhrase, phraseCandidates } from '../vault/crypto/fingerprint-phrase';
import type { VaultService } from '../vault/vault-service';

export interface RecoveryKeyOffer {
  readonly publicKey: string;
  readonly fingerprint: string;
  /** The tenant config's pin as the server reports it. */
  readonly pinned: string | null;
}

const E = API.recovery;

export type EnrolmentOutcome = 'enrolled' | 'already_enrolled' | 'not_required' | 'no_recovery_key' | 'not_pinned';

export interface RecoveryDeps {
  readonly client: ApiClient;
  /** The signed-in session's token. */
  readonly token: () => string;
  /** managed.json `recoveryKeyFingerprint`: the organisation's pin, which the server cannot change. */
  readonly managedPin: string | null;
  readonly logger: Logger;
}

/**
 * The pin a client trusts: managed.json's, else the tenant config's as the server reports it
 * (that one guards against a key swapped in the database, not against a lying server). No pin,
 * no enrolment.
 */
async function trustedRecoveryKey(deps: RecoveryDeps): Promise<RecoveryPublicKey | null> {
  let offer: RecoveryKeyOffer;
  try {
    offer = await deps.client.call(E.key, { token: deps.token() });
  } catch (err) {
    if (err instanceof AppError && err.code === 'recovery_key_not_set_up') return null;
    throw err;
  }
  const pin = deps.managedPin ?? offer.pinned;
  if (pin === null) {
    deps.logger.warn('account recovery: no pinned fingerprint (managed.json recoveryKeyFingerprint or tenant recoveryKey.fingerprint); not enrolling');
    return null;
  }
  return verifiedRecoveryKey(offer, pin);
}

/**
 * Before a new vault is made under a role with `accountRecovery`: a recovery key that fails its
 * pin stops the creation (nothing is made), so the vault is never created half-enrolled to a
 * key the organisation did not pin.
 */
export async function checkRecoveryKeyBeforeCreate(deps: RecoveryDeps, required: boolean): Promise<void> {
  if (required) await trustedRecoveryKey(deps);
}

/** Seals this vault's data key to the pinned recovery key, unless already done or not asked for. */
export async function ensureRecoveryEnrolment(deps: RecoveryDeps, vault: VaultService, userId: string): Promise<EnrolmentOutcome> {
  const status = await deps.client.call(E.vaultStatus, { token: deps.token() });
  if (!status.required) return 'not_required';
  const key = await trustedRecoveryKey(deps);
  if (key === null) return deps.managedPin === null ? 'not_pinned' : 'no_recovery_key';
  if (status.enrolled && status.fingerprint === key.fingerprint) return 'already_enrolled';
  await deps.client.call(E.enrolVault, { token: deps.token(), body: { fingerprint: key.fingerprint, wrappedDataKey: vault.recovery.sealDataKey(userId, key) } });
  return 'enrolled';
}

/** For key rotation: the recovery key to re-seal to, when this vault is enrolled. */
export async function rotationRecovery(deps: RecoveryDeps, userId: string): Promise<{ userId: string; key: RecoveryPublicKey } | undefined> {
  const status = await deps.client.call(E.vaultStatus, { token: deps.token() });
  if (!status.enrolled) return undefined;
  const key = await trustedRecoveryKey(deps);
  if (key === null) throw new AppError('recovery_key_not_set_up', 'This vault is enrolled for account recovery, but no pinned recovery key is available to rotate it to.');
  return { userId, key };
}

/** The administrator's side: set up the key, give it to other administrators, answer requests. */
export function createRecoveryAdmin(deps: RecoveryDeps) {
  /** The right phrase of each listed request (the pick is checked here, not by the renderer); candidates drawn once. */
  const phrases = new Map<string, string>();
  const candidates = new Map<string, readonly string[]>();
  const status = () => deps.client.call(E.adminStatus, { token: deps.token() });

  async function pinnedForAdmin(key: { publicKey: string; fingerprint: string; pinned: string | null }): Promise<RecoveryPublicKey> {
    const pin = deps.managedPin ?? key.pinned;
    if (pin === null) return verifiedRecoveryKey(key, key.fingerprint);
    return verifiedRecoveryKey(key, pin);
  }

  return {
    status,

    /** First administrator: the key pair is made on this device; only the sealed private key leaves it. */
    async setUp(vault: VaultService, me: string): Promise<RecoveryStatus> {
      const made = vault.recovery.makeKey(me);
      if (deps.managedPin !== null && deps.managedPin !== made.fingerprint) {
        // The fleet pins another key: making a new one would only be refused by every client.
        throw new AppError('recovery_key_mismatch', 'managed.json pins another recovery key fingerprint; remove or update recoveryKeyFingerprint first.');
      }
      await deps.client.call(E.createKey, { token: deps.token(), body: { publicKey: made.publicKey, wrappedPrivateKey: made.wrappedPrivateKey } });
      return status();
    },

    /** Seals the recovery private key to another administrator's user public key. */
    async grant(vault: VaultService, toUserId: string): Promise<RecoveryStatus> {
      const current = await status();
      if (current.key === null) throw new AppError('recovery_key_not_set_up', 'Set up account recovery first.');
      if (current.myGrant === null) throw new AppError('recovery_key_not_granted', 'You hold no copy of the recovery key, so you cannot give one.');
      const to = current.admins.find((a) => a.userId === toUserId);
      if (!to || to.publicKey === null) throw new AppError('not_found', 'That administrator has no vault yet: they open Keyhaven once, then you can give them the key.');
      const key = await pinnedForAdmin(current.key);
      const wrappedPrivateKey = vault.recovery.grant({ adminUserId: current.me, wrappedPrivateKey: current.myGrant, key, to: { userId: to.userId, publicKey: to.publicKey } });
      await deps.client.call(E.grant, { token: deps.token(), body: { userId: toUserId, wrappedPrivateKey } });
      return status();
    },

    /** Pending requests in scope, each with four phrases to pick from. */
    async requests(): Promise<(AdminRequestView & { readonly candidates: readonly string[] })[]> {
      const { requests } = await deps.client.call(E.approvals, { token: deps.token() });
      const live = new Set(requests.map((r) => r.id));
      for (const id of phrases.keys()) if (!live.has(id)) phrases.delete(id);
      for (const id of candidates.keys()) if (!live.has(id)) candidates.delete(id);
      return requests.map((r) => {
        const correct = phrases.get(r.id) ?? fingerprintPhrase(r.publicKey, r.email);
        phrases.set(r.id, correct);
        const offered = candidates.get(r.id) ?? phraseCandidates(correct);
        candidates.set(r.id, offered);
        return { ...r, candidates: offered };
      });
    },

    /**
     * A correct pick: the recovery key opens the person's data key, which is wrapped to the
     * request's key as their own device would; a wrong pick refuses the request for good.
     */
    async answer(vault: VaultService, requestId: string, answer: { kind: 'pick'; phrase: string } | { kind: 'deny' }): Promise<{ outcome: 'approved' | 'wrong_phrase' | 'denied' }> {
      const params = { id: requestId };
      if (answer.kind === 'deny') {
        await deps.client.call(E.deny, { token: deps.token(), params, body: { reason: 'denied' } });
        phrases.delete(requestId);
        return { outcome: 'denied' };
      }
      const correct = phrases.get(requestId);
      if (correct === undefined) throw new AppError('approval_request_not_found', 'This request is no longer waiting (answered elsewhere, expired or withdrawn).');
      if (answer.phrase !== correct) {
        await deps.client.call(E.deny, { token: deps.token(), params, body: { reason: 'wrong_phrase' } });
        phrases.delete(requestId);
        return { outcome: 'wrong_phrase' };
      }
      const detail = await deps.client.call(E.approval, { token: deps.token(), params });
      // The key wrapped to must be the one whose phrase the person read out.
      if (fingerprintPhrase(detail.request.publicKey, detail.request.email) !== correct) {
        throw new AppError('tampered', 'The request changed since it was listed; nothing was approved.');
      }
      const current = await status();
      const key = await pinnedForAdmin({ ...detail.key, pinned: current.key?.pinned ?? null });
      const approval = vault.recovery.approve({
        adminUserId: current.me,
        wrappedPrivateKey: detail.myGrant,
        key,
        recoveryWrappedDataKey: detail.recoveryWrappedDataKey,
        requestPublicKey: detail.request.publicKey,
        binding: { requestId, userId: detail.request.userId, deviceId: detail.request.deviceId },
      });
      await deps.client.call(E.approve, { token: deps.token(), params, body: { approval } });
      phrases.delete(requestId);
      return { outcome: 'approved' };
    },

    resetVault: (userId: string, confirmEmail: string) => deps.client.call(E.resetVault, { token: deps.token(), params: { id: userId }, body: { confirmEmail } }),
  };
}

export type RecoveryAdmin = ReturnType<typeof createRecoveryAdmin>;

/** What Approvals shows: fingerprints and phrases, never an envelope. */
export function recoveryView(status: RecoveryStatus, managedPin: string | null): AdminRecoveryView {
  const phraseOf = (a: RecoveryStatus['admins'][number]) => (a.publicKey === null ? null : fingerprintPhrase(a.publicKey, a.email));
  const me = status.admins.find((a) => a.userId === status.me);
  return {
    key: status.key === null ? null : { fingerprint: status.key.fingerprint, pinned: status.key.pinned, createdAt: status.key.createdAt },
    managedPin,
    holdsKey: status.myGrant !== null,
    myPhrase: me ? phraseOf(me) : null,
    admins: status.admins.map((a) => ({ userId: a.userId, email: a.email, granted: a.granted, phrase: phraseOf(a), me: a.userId === status.me })),
  };
}

export function approvalPrompt(r: AdminRequestView & { readonly candidates: readonly string[] }): AdminApprovalPrompt {
  return {
    requestId: r.id,
    email: r.email,
    node: r.node,
    deviceName: r.deviceName,
    platform: r.platform,
    ip: r.ip,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    recoveryEnrolled: r.recoveryEnrolled,
    candidates: r.candidates,
  };
}
