import type { ApprovalPrompt, DeviceApprovalState, DeviceView } from '../../preload/contract';
import { API } from '../api/api';
import type { ApiClient } from '../api/api-client';
import { AppError } from '../errors/app-error';
import type { Logger } from '../log/logger';
import type { SessionManager } from '../sso/session-manager';
import { keychainAccountPrefix, type Keychain } from '../vault/keychain/keychain';
import { checkRecoveryKeyBeforeCreate, createRecoveryAdmin, ensureRecoveryEnrolment, rotationRecovery, type RecoveryAdmin, type RecoveryDeps } from './account-recovery';
import { createApprovalPrompts, type ApprovalAnswer } from './approval-prompts';
import { createApprovalRequest } from './approval-request';
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
  answer(requestId: string, answer: ApprovalAnswer): Promise<{ outcome: 'approved' | 'wrong_phrase' | 'denied' }>;
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

/**
 * Device trust on the app's side: the push connection, this device's key pair, the approval
 * request a new device makes (`approval-request.ts`), the prompts a trusted device answers
 * (`approval-prompts.ts`), key rotation and account recovery. The data key is only ever handled
 * inside the vault service (approveDevice / unlockWithApprovedKey).
 */
export function createDeviceTrust(deps: DeviceTrustDeps): DeviceTrust {
  const log = deps.logger.child({ scope: 'devices' });
  let push: PushClient | null = null;
  let current: { token: string; userId: string } | null = null;

  const session = () => deps.sessions().active();
  const token = () => session().token;
  const E = API.devices;
  const recovery: RecoveryDeps = { client: deps.backend, token, managedPin: deps.recoveryPin ?? null, logger: log };
  const recoveryAdmin = createRecoveryAdmin(recovery);
  const prompts = createApprovalPrompts({ backend: deps.backend, logger: log, session, emitPrompts: deps.emitPrompts });
  const approval = createApprovalRequest({
    backend: deps.backend,
    keychain: deps.keychain,
    logger: log,
    sessions: deps.sessions,
    emitApproval: deps.emitApproval,
    afterVaultOpen: () => afterVaultOpen(),
    ...(deps.unansweredMs === undefined ? {} : { unansweredMs: deps.unansweredMs }),
    ...(deps.statusPollMs === undefined ? {} : { statusPollMs: deps.statusPollMs }),
  });

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
    if (event.type === 'approval.requested') void prompts.refresh();
    if (event.type === 'approval.decided') {
      prompts.decided(event.payload.requestId ?? '');
      if (approval.waitingFor() !== null && event.payload.requestId === approval.waitingFor()) void approval.check();
    }
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
      approval.stop({ reset: true });
      prompts.clear();
      current = next === null ? null : { ...next };
      if (next === null) return;
      void registerPublicKey(next.userId, next.token);
      push = startPushClient({
        client: deps.backend,
        token: next.token,
        logger: log,
        onEvent: onPush,
        onConnected: () => {
          void prompts.refresh().catch(() => undefined);
          if (approval.waitingFor() !== null) void approval.check();
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

    requestApproval: () => approval.request(),

    approvalState: () => approval.state(),

    prompts: () => prompts.refresh(),

    answer: (requestId, answer) => prompts.answer(requestId, answer),

    async beforeVaultCreate() {
      await checkRecoveryKeyBeforeCreate(recovery, session().policy.accountRecovery);
    },

    afterVaultOpen,

    recoveryAdmin,

    recoveryPin: deps.recoveryPin ?? null,

    close() {
      push?.stop();
      push = null;
      approval.stop();
    },
  };
}
