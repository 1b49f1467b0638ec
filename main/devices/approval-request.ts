import type { DeviceApprovalState } from '../../preload/contract';
import { API } from '../api/api';
import type { ApiClient } from '../api/api-client';
import { AppError } from '../errors/app-error';
import type { Logger } from '../log/logger';
import type { SessionManager } from '../sso/session-manager';
import { unwrapApprovedDataKey, type DeviceKeyPair } from '../vault/crypto/device-approval';
import { fingerprintPhrase } from '../vault/crypto/fingerprint-phrase';
import { keychainAccountPrefix, type Keychain } from '../vault/keychain/keychain';
import { loadOrCreateDeviceKeyPair } from './device-key-pair';

export interface ApprovalRequest {
  /** Asks the person's trusted devices (and administrators) to approve this device. */
  request(): Promise<DeviceApprovalState>;
  state(): DeviceApprovalState;
  /** Reads the outcome of the request this device waits on, if any (a push event or the poller). */
  check(): Promise<void>;
  /** The id of the request this device waits on, null when none. */
  waitingFor(): string | null;
  /** Stops waiting; with `reset`, the state goes back to idle without telling the window. */
  stop(o?: { readonly reset: boolean }): void;
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
 * The new device's side of device approval: its request, the phrase it shows, and the outcome,
 * read whenever a push event says it changed and also every `statusPollMs`. An approval carries
 * the data key sealed to this device's key pair; it is unwrapped and handed to the vault only.
 */
export function createApprovalRequest(deps: {
  readonly backend: ApiClient;
  readonly keychain: Keychain;
  readonly logger: Logger;
  readonly sessions: () => SessionManager;
  readonly emitApproval: (state: DeviceApprovalState) => void;
  /** After the vault opened with the approved key (account recovery enrols then). */
  readonly afterVaultOpen: () => Promise<void>;
  readonly unansweredMs?: number;
  readonly statusPollMs?: number;
}): ApprovalRequest {
  const log = deps.logger;
  const E = API.devices;
  const session = () => deps.sessions().active();
  let approval: DeviceApprovalState = IDLE;
  let waiting: Waiting | null = null;

  function setApproval(state: DeviceApprovalState): void {
    approval = state;
    deps.emitApproval(state);
  }

  function stopWaiting(): void {
    if (waiting?.timer) clearTimeout(waiting.timer);
    if (waiting?.poller) clearInterval(waiting.poller);
    waiting = null;
  }

  function check(): Promise<void> {
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
    await deps.afterVaultOpen();
    await deps.sessions().refresh();
  }

  return {
    async request() {
      const active = session();
      stopWaiting();
      const pair = await loadOrCreateDeviceKeyPair(deps.keychain, keychainAccountPrefix(deps.backend.baseUrl, active.user.id), active.deviceId);
      const created = await deps.backend.call(E.requestApproval, { token: active.token, body: { publicKey: pair.publicKey } });
      const w: Waiting = { requestId: created.id, pair, userId: active.user.id, deviceId: active.deviceId, token: active.token, timer: null, poller: null, checking: null };
      waiting = w;
      w.timer = setTimeout(() => {
        if (waiting === w && approval.kind === 'waiting' && !approval.seen) setApproval({ ...approval, unanswered: true });
      }, deps.unansweredMs ?? 15_000);
      w.poller = setInterval(() => void check(), deps.statusPollMs ?? 3_000);
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
    state: () => approval,
    check,
    waitingFor: () => waiting?.requestId ?? null,
    stop(o) {
      stopWaiting();
      if (o?.reset) approval = IDLE;
    },
  };
}
