import type { ApprovalPrompt, DeviceApprovalState, DeviceView } from '../../preload/contract';
import { API } from '../api/api';
import type { ApiClient } from '../api/api-client';
import type { ApprovalRequestView } from '../api/endpoints/devices';
import { AppError } from '../errors/app-error';
import type { Logger } from '../log/logger';
import type { SessionManager } from '../sso/session-manager';
import { unwrapApprovedDataKey, type DeviceKeyPair } from '../vault/crypto/device-approval';
import { fingerprintPhrase, phraseCandidates } from '../vault/crypto/fingerprint-phrase';
import { keychainAccountPrefix, type Keychain } from '../vault/keychain/keychain';
import { checkRecoveryKeyBeforeCreate, createRecoveryAdmin, ensureRecoveryEnrolment, rotationRecovery, type RecoveryAdmin, type RecoveryDeps } from './account-recovery';
import { loadOrCreateDeviceKeyPair } from './device-key-pair';
import { startPushClient, type PushClient, type PushMessage } from './push-client';

export interface DeviceTrustDeps {
  readonly backend: ApiClient;
  readonly keychain: Keychain;
  readonly logger: Logger;
  readonly sessions: () => SessionManager;
  readonly emitApproval: (state: DeviceApprovalState) => void;
  readonly emitPrompts: (prompts: readonly ApprovalPrompt[]) => void;
  /** Without an answer from any device for this long, the new device says so (and keeps waiting). */
  readonly unansweredMs?: number;
  /** While a request waits, its status is also read this often (events only speed it up). */
  readonly statusPollMs?: number;
  /** managed.json `recoveryKeyFingerprint`. */
  readonly recoveryPin?: string | null;
}

export interface DeviceTrust {
  /** Follows the signed-in session: one push connection per session. */
  follow(session: { readonly token: string; readonly userId: string } | null): void;
  listDevices(): Promise<readonly DeviceView[]>;
  removeDevice(deviceId: string): Promise<readonly DeviceView[]>;
  /** A new data key for the vault, re-wrapped for every device that keeps access (one atomic change). */
  rotateVaultKey(masterPassword: string | null): Promise<{ records: number }>;
  requestApproval(): Promise<DeviceApprovalState>;
  approvalState(): DeviceApprovalState;
  prompts(): Promise<readonly ApprovalPrompt[]>;
  answer(requestId: string, answer: { kind: 'pick'; phrase: string } | { kind: 'deny' }): Promise<{ outcome: 'approved' | 'wrong_phrase' | 'denied' }>;
  /** Before a vault is made: a recovery key that fails its pin stops it (role with accountRecovery). */
  beforeVaultCreate(): Promise<void>;
  /** After the vault opened: enrol it for account recovery if the role asks and it is not yet (failures are logged). */
  afterVaultOpen(): Promise<void>;
  /** The administrator's side of account recovery (Approvals). */
  readonly recoveryAdmin: RecoveryAdmin;
  /** managed.json's recovery key pin, null when absent. */
  readonly recoveryPin: string | null;
  close(): void;
}

interface Waiting {
  readonly requestId: string;
  readonly pair: DeviceKeyPair;
  readonly userId: string;
  readonly deviceId: string;
  readonly token: string;
  timer: NodeJS.Timeout | null;
  poller: NodeJS.Timeout | null;
  checking: Promise<void> | null;
}

const IDLE: DeviceApprovalState = { kind: 'idle' };

/**
 * Device trust on the app's side: the push connection, this device's key pair, the approval
 * request a new device makes, and the prompts a trusted device answers. The data key is only
 * ever handled inside the vault service (approveDevice / unlockWithApprovedKey).
 */
export function createDeviceTrust(deps: DeviceTrustDeps): DeviceTrust {
  const log = deps.logger.child({ scope: 'devices' });
  let push: PushClient | null = null;
  let current: { token: string; userId: string } | null = null;
  let approval: DeviceApprovalState = IDLE;
  let waiting: Waiting | null = null;
  /** Prompts by request id; candidates are drawn once so they do not reshuffle. */
  const prompts = new Map<string, { prompt: ApprovalPrompt; correct: string; publicKey: string; deviceId: string }>();

  const session = () => deps.sessions().active();
  const token = () => session().token;
  const E = API.devices;
  const recovery: RecoveryDeps = { client: deps.backend, token, managedPin: deps.recoveryPin ?? null, logger: log };
  const recoveryAdmin = createRecoveryAdmin(recovery);

  function setApproval(state: DeviceApprovalState): void {
    approval = state;
    deps.emitApproval(state);
  }

  function stopWaiting(): void {
    if (waiting?.timer) clearTimeout(waiting.timer);
    if (waiting?.poller) clearInterval(waiting.poller);
    waiting = null;
  }

  async function registerPublicKey(userId: string, token: string): Promise<void> {
    try {
      const me = session();
      const pair = await loadOrCreateDeviceKeyPair(deps.keychain, keychainAccountPrefix(deps.backend.baseUrl, userId), me.deviceId);
      await deps.backend.call(E.setPublicKey, { token, body: { publicKey: pair.publicKey } });
    } catch (err) {
      log.info({ code: err instanceof AppError ? err.code : 'internal' }, 'device public key not registered (will retry at the next sign-in)');
    }
  }

  function onPush(event: PushMessage): void {
    if (event.type === 'approval.requested') void refreshPrompts();
    if (event.type === 'approval.decided') {
      prompts.delete(event.payload.requestId ?? '');
      deps.emitPrompts([...prompts.values()].map((p) => p.prompt));
      if (waiting && event.payload.requestId === waiting.requestId) void checkRequest();
    }
  }

  /** Trusted and unlocked: read pending requests, mark them seen, offer them to the person. */
  async function refreshPrompts(): Promise<readonly ApprovalPrompt[]> {
    let active;
    try {
      active = session();
    } catch {
      return [];
    }
    if (!active.vault.isUnlocked()) return [...prompts.values()].map((p) => p.prompt);
    let requests: readonly ApprovalRequestView[];
    try {
      requests = (await deps.backend.call(E.pendingApprovals, { token: token() })).requests;
    } catch (err) {
      if (err instanceof AppError && err.code === 'device_not_trusted') return [];
      throw err;
    }
    const live = new Set(requests.map((r) => r.id));
    for (const id of prompts.keys()) if (!live.has(id)) prompts.delete(id);
    for (const r of requests) {
      if (prompts.has(r.id) || r.deviceId === active.deviceId) continue;
      const correct = fingerprintPhrase(r.publicKey, active.user.email);
      prompts.set(r.id, {
        correct,
        publicKey: r.publicKey,
        deviceId: r.deviceId,
        prompt: { requestId: r.id, deviceName: r.deviceName, platform: r.platform, ip: r.ip, createdAt: r.createdAt, expiresAt: r.expiresAt, candidates: phraseCandidates(correct) },
      });
      await deps.backend.call(E.markApprovalSeen, { token: token(), params: { id: r.id } }).catch((err: unknown) =>
        log.info({ code: err instanceof AppError ? err.code : 'internal' }, 'could not mark an approval request seen'),
      );
    }
    const list = [...prompts.values()].map((p) => p.prompt);
    deps.emitPrompts(list);
    return list;
  }

  /** The new device reads its request; an approval opens the vault. */
  function checkRequest(): Promise<void> {
    const w = waiting;
    if (!w) return Promise.resolve();
    w.checking ??= (async () => {
      try {
        const outcome = await deps.backend.call(E.approvalOutcome, { token: w.token, params: { id: w.requestId } });
        if (waiting !== w) return;
        if (outcome.status === 'pending') {
          if (approval.kind === 'waiting' && outcome.seen !== approval.seen) setApproval({ ...approval, seen: outcome.seen, unanswered: outcome.seen ? false : approval.unanswered });
          return;
        }
        stopWaiting();
        if (outcome.status === 'approved') await openWithApproval(w, outcome.approval);
        else if (outcome.status === 'denied') {
          setApproval({
            kind: 'refused',
            error:
              outcome.reason === 'wrong_phrase'
                ? { code: 'approval_denied', message: 'The phrase picked on your other device did not match this one. Ask again and compare the five words carefully.' }
                : { code: 'approval_denied', message: 'Your other device denied this request.' },
          });
        } else setApproval({ kind: 'refused', error: { code: 'approval_expired', message: 'Nobody approved this device within 15 minutes. Ask again.' } });
      } catch (err) {
        if (!(err instanceof AppError) || err.code === 'backend_unreachable') return; // next round
        stopWaiting();
        setApproval({ kind: 'refused', error: { code: err.code, message: err.publicMessage } });
      } finally {
        w.checking = null;
      }
    })();
    return w.checking;
  }

  async function openWithApproval(w: Waiting, envelope: string): Promise<void> {
    const dataKey = unwrapApprovedDataKey(envelope, w.pair, { requestId: w.requestId, userId: w.userId, deviceId: w.deviceId });
    const result = await session().vault.unlockWithApprovedKey(dataKey, { deviceId: w.deviceId });
    if (!result.deviceEnrolled) log.warn({ problem: result.enrollmentProblem?.error }, 'approved, but this device could not store its own key');
    setApproval({ kind: 'approved' });
    await afterVaultOpen();
    await deps.sessions().refresh();
  }

  async function afterVaultOpen(): Promise<void> {
    try {
      const active = session();
      const outcome = await ensureRecoveryEnrolment(recovery, active.vault, active.user.id);
      if (outcome !== 'already_enrolled' && outcome !== 'not_required') log.info({ outcome }, 'account recovery enrolment');
    } catch (err) {
      log.warn({ code: err instanceof AppError ? err.code : 'internal' }, 'account recovery enrolment failed; retried at the next unlock');
    }
  }

  return {
    follow(next) {
      if (current && next && current.token === next.token) return;
      push?.stop();
      push = null;
      stopWaiting();
      prompts.clear();
      approval = IDLE;
      current = next === null ? null : { ...next };
      if (next === null) return;
      void registerPublicKey(next.userId, next.token);
      push = startPushClient({
        client: deps.backend,
        token: next.token,
        logger: log,
        onEvent: onPush,
        onConnected: () => {
          void refreshPrompts().catch(() => undefined);
          if (waiting) void checkRequest();
        },
        onSignedOut: (reason) => {
          void deps.sessions().endedByServer(reason);
        },
      });
    },

    async listDevices() {
      return (await deps.backend.call(E.list, { token: token() })).devices;
    },

    async rotateVaultKey(masterPassword) {
      const active = session();
      const devices = (await deps.backend.call(E.list, { token: token() })).devices;
      const others = devices.filter((d) => d.trusted && d.id !== active.deviceId);
      const missing = others.find((d) => d.publicKey === null);
      if (missing) throw new AppError('conflict', `“${missing.name}” has not registered its device key yet: open Keyhaven there once, or remove it, then rotate.`);
      const recoveryTarget = await rotationRecovery(recovery, active.user.id);
      return active.vault.rotateKey({
        otherDevices: others.map((d) => ({ deviceId: d.id, publicKey: d.publicKey ?? '' })),
        ...(masterPassword === null ? {} : { masterPassword }),
        ...(recoveryTarget ? { recovery: recoveryTarget } : {}),
        post: async (change) => {
          await deps.backend.call(API.vault.rotate, { token: token(), body: change });
        },
      });
    },

    async removeDevice(deviceId) {
      await deps.backend.call(E.remove, { token: token(), params: { id: deviceId } });
      return (await deps.backend.call(E.list, { token: token() })).devices;
    },

    async requestApproval() {
      const active = session();
      stopWaiting();
      const pair = await loadOrCreateDeviceKeyPair(deps.keychain, keychainAccountPrefix(deps.backend.baseUrl, active.user.id), active.deviceId);
      const created = await deps.backend.call(E.requestApproval, { token: active.token, body: { publicKey: pair.publicKey } });
      const w: Waiting = { requestId: created.id, pair, userId: active.user.id, deviceId: active.deviceId, token: active.token, timer: null, poller: null, checking: null };
      waiting = w;
      w.timer = setTimeout(() => {
        if (waiting === w && approval.kind === 'waiting' && !approval.seen) setApproval({ ...approval, unanswered: true });
      }, deps.unansweredMs ?? 15_000);
      w.poller = setInterval(() => void checkRequest(), deps.statusPollMs ?? 3_000);
      w.timer.unref?.();
      w.poller.unref?.();
      setApproval({
        kind: 'waiting',
        requestId: created.id,
        phrase: fingerprintPhrase(pair.publicKey, active.user.email),
        expiresAt: created.expiresAt,
        approvers: created.approvers.map((a) => a.name),
        administrator: created.recovery,
        masterPassword: created.masterPassword,
        seen: false,
        unanswered: false,
      });
      return approval;
    },

    approvalState: () => approval,

    prompts: () => refreshPrompts(),

    async answer(requestId, answer) {
      const entry = prompts.get(requestId);
      if (!entry) throw new AppError('approval_request_not_found', 'This request is no longer waiting (answered elsewhere, expired or withdrawn).');
      let outcome: 'approved' | 'wrong_phrase' | 'denied';
      if (answer.kind === 'deny') {
        await deps.backend.call(E.deny, { token: token(), params: { id: requestId }, body: { reason: 'denied' } });
        outcome = 'denied';
      } else if (answer.phrase !== entry.correct) {
        // A wrong pick refuses the request for good: whoever made it must ask again.
        await deps.backend.call(E.deny, { token: token(), params: { id: requestId }, body: { reason: 'wrong_phrase' } });
        outcome = 'wrong_phrase';
      } else {
        const active = session();
        const approvalEnvelope = active.vault.approveDevice(entry.publicKey, { requestId, userId: active.user.id, deviceId: entry.deviceId });
        await deps.backend.call(E.approve, { token: token(), params: { id: requestId }, body: { approval: approvalEnvelope } });
        outcome = 'approved';
      }
      prompts.delete(requestId);
      deps.emitPrompts([...prompts.values()].map((p) => p.prompt));
      return { outcome };
    },

    async beforeVaultCreate() {
      await checkRecoveryKeyBeforeCreate(recovery, session().policy.accountRecovery);
    },

    afterVaultOpen,

    recoveryAdmin,

    recoveryPin: deps.recoveryPin ?? null,

    close() {
      push?.stop();
      push = null;
      stopWaiting();
    },
  };
}
