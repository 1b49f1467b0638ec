import { AppError } from '../errors/app-error';
import type { Logger } from '../log/logger';
import type { PushSignOutReason } from '../devices/push-client';
import { isUnreachable } from '../vault/offline/replicated-vault-api';
import type { MeAnswer } from '../api/endpoints/session';
import type { ActiveSession } from './active-session';
import { followOfflinePolicy } from './offline-vault';

export interface SessionConnection {
  /** The backend answered (true) or could not be reached (false) for this session. */
  reachability(a: ActiveSession, reachable: boolean): void;
  /** Sends the changes made offline, once the vault is open and the backend answers. */
  scheduleSync(a: ActiveSession): void;
  /** Asked for the session (a start or reload of the window): does the backend still answer? */
  probe(a: ActiveSession): Promise<void>;
  close(): void;
}

/**
 * Whether the signed-in session's backend answers: while it does not, the vault runs on its
 * offline copy and the backend is tried again every `reconnectMs`; once it answers, the changes
 * made offline are sent. The offline window running out, or the backend refusing the session,
 * ends it through the session manager.
 */
export function createSessionConnection(deps: {
  readonly current: () => ActiveSession | null;
  readonly fetchMe: (token: string) => Promise<MeAnswer>;
  /** Tells the window the session's view, if `a` is still the signed-in session. */
  readonly publish: (a: ActiveSession) => Promise<void>;
  readonly endedByServer: (reason: PushSignOutReason) => Promise<void>;
  readonly offlineWindowOver: (a: ActiveSession) => Promise<void>;
  readonly logger: Logger;
  readonly reconnectMs?: number;
}): SessionConnection {
  const log = deps.logger;
  let reconnecting = false;
  let syncing: Promise<void> | null = null;
  const reconnectTimer = setInterval(() => void checkConnection(), deps.reconnectMs ?? 5_000);
  reconnectTimer.unref?.();

  function reachability(a: ActiveSession, reachable: boolean): void {
    if (deps.current() !== a || a.reachable === reachable) return;
    a.reachable = reachable;
    log.info({ reachable }, reachable ? 'the backend answers again' : 'the backend cannot be reached; the vault runs on its offline copy');
    if (reachable) scheduleSync(a);
    void deps.publish(a);
  }

  function scheduleSync(a: ActiveSession): void {
    if (syncing || !a.replica || a.replica.pending().length === 0 || !a.vault.isUnlocked()) return;
    syncing = (async () => {
      try {
        await a.vault.sync();
      } catch (err) {
        log.info({ code: err instanceof AppError ? err.code : 'internal' }, 'changes made offline not sent yet');
      } finally {
        syncing = null;
        await deps.publish(a);
      }
    })();
  }

  function probe(a: ActiveSession): Promise<void> {
    if (!a.replica?.enabled()) return Promise.resolve();
    return deps.fetchMe(a.token).then(
      () => reachability(a, true),
      (err: unknown) => {
        if (isUnreachable(err)) reachability(a, false);
      },
    );
  }

  /** While offline: the window may run out; otherwise try the backend again. */
  async function checkConnection(): Promise<void> {
    const a = deps.current();
    if (!a || a.reachable || reconnecting) return;
    if (a.replica?.expired()) {
      await deps.offlineWindowOver(a);
      return;
    }
    reconnecting = true;
    try {
      const me = await deps.fetchMe(a.token);
      if (deps.current() !== a) return;
      a.me = me;
      await followOfflinePolicy(a.replica, me, log);
      reachability(a, true);
    } catch (err) {
      if (isUnreachable(err)) {
        log.debug('the backend still cannot be reached');
        return;
      }
      const code = err instanceof AppError ? err.code : 'internal';
      if (code === 'user_deactivated' || code === 'session_expired' || code === 'unauthorized') await deps.endedByServer(code === 'user_deactivated' ? code : 'session_expired');
      else log.info({ code }, 'the backend answered the reconnection check with an error');
    } finally {
      reconnecting = false;
    }
  }

  return {
    reachability,
    scheduleSync,
    probe,
    close() {
      clearInterval(reconnectTimer);
    },
  };
}
