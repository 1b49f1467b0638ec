import type { ApprovalPrompt } from '../../preload/contract';
import { API } from '../api/api';
import type { ApiClient } from '../api/api-client';
import type { ApprovalRequestView } from '../api/endpoints/devices';
import { AppError } from '../errors/app-error';
import type { Logger } from '../log/logger';
import type { SessionManager } from '../sso/session-manager';
import { fingerprintPhrase, phraseCandidates } from '../vault/crypto/fingerprint-phrase';

export type ApprovalAnswer = { readonly kind: 'pick'; readonly phrase: string } | { readonly kind: 'deny' };

export interface ApprovalPrompts {
  /** Trusted and unlocked: reads pending requests, marks them seen, offers them to the person. */
  refresh(): Promise<readonly ApprovalPrompt[]>;
  answer(requestId: string, answer: ApprovalAnswer): Promise<{ outcome: 'approved' | 'wrong_phrase' | 'denied' }>;
  /** A request was answered (here or on another device): its prompt goes. */
  decided(requestId: string): void;
  clear(): void;
}

/**
 * The trusted device's side of device approval: the requests of the person's new devices, each
 * offered with four candidate phrases, one of them the new device's fingerprint phrase. The data
 * key is only ever handled inside the vault service (approveDevice).
 */
export function createApprovalPrompts(deps: {
  readonly backend: ApiClient;
  readonly logger: Logger;
  readonly session: () => ReturnType<SessionManager['active']>;
  readonly emitPrompts: (prompts: readonly ApprovalPrompt[]) => void;
}): ApprovalPrompts {
  const log = deps.logger;
  const E = API.devices;
  const token = () => deps.session().token;
  /** Prompts by request id; candidates are drawn once so they do not reshuffle. */
  const prompts = new Map<string, { prompt: ApprovalPrompt; correct: string; publicKey: string; deviceId: string }>();
  const list = () => [...prompts.values()].map((p) => p.prompt);

  async function refresh(): Promise<readonly ApprovalPrompt[]> {
    let active;
    try {
      active = deps.session();
    } catch {
      return [];
    }
    if (!active.vault.isUnlocked()) return list();
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
    const current = list();
    deps.emitPrompts(current);
    return current;
  }

  return {
    refresh,

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
        const active = deps.session();
        const approvalEnvelope = active.vault.approveDevice(entry.publicKey, { requestId, userId: active.user.id, deviceId: entry.deviceId });
        await deps.backend.call(E.approve, { token: token(), params: { id: requestId }, body: { approval: approvalEnvelope } });
        outcome = 'approved';
      }
      prompts.delete(requestId);
      deps.emitPrompts(list());
      return { outcome };
    },

    decided(requestId) {
      prompts.delete(requestId);
      deps.emitPrompts(list());
    },

    clear() {
      prompts.clear();
    },
  };
}
