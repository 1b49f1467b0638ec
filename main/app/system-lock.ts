import type { PowerMonitor } from 'electron';

/** What the vault locks on: the OS locking the screen or going to sleep. */
export type SystemLockReason = 'lock-screen' | 'suspend';

export type SystemLockSource = Pick<PowerMonitor, 'on' | 'off' | 'getSystemIdleState'>;

export interface SystemLockOptions {
  readonly powerMonitor: SystemLockSource;
  readonly lock: (reason: SystemLockReason) => void;
  /**
   * Linux emits no 'lock-screen': there the screen lock is seen by polling the idle state,
   * which reports 'locked' where the desktop says so. Default 15 s.
   */
  readonly pollMs?: number;
  readonly platform: NodeJS.Platform;
}

/**
 * Locks the vault when the OS locks the screen or suspends (Electron's powerMonitor), the way
 * desktop vaults do: someone walking up to an unlocked-again machine must not find it open.
 * Returns a function that stops listening.
 */
export function lockOnSystemEvents(options: SystemLockOptions): () => void {
  const onLockScreen = () => options.lock('lock-screen');
  const onSuspend = () => options.lock('suspend');
  options.powerMonitor.on('lock-screen', onLockScreen);
  options.powerMonitor.on('suspend', onSuspend);
  let timer: NodeJS.Timeout | null = null;
  if (options.platform === 'linux') {
    let wasLocked = false;
    timer = setInterval(() => {
      const locked = options.powerMonitor.getSystemIdleState(60) === 'locked';
      // Once per screen lock, not every poll while it lasts.
      if (locked && !wasLocked) options.lock('lock-screen');
      wasLocked = locked;
    }, options.pollMs ?? 15_000);
    timer.unref?.();
  }
  return () => {
    options.powerMonitor.off('lock-screen', onLockScreen);
    options.powerMonitor.off('suspend', onSuspend);
    if (timer) clearInterval(timer);
  };
}
