import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lockOnSystemEvents, type SystemLockReason, type SystemLockSource } from '../../../main/app/system-lock';

/** Electron's powerMonitor as its types describe it: an EventEmitter plus getSystemIdleState. */
function fakePowerMonitor() {
  const emitter = new EventEmitter();
  let idleState: ReturnType<SystemLockSource['getSystemIdleState']> = 'active';
  const monitor = Object.assign(emitter, { getSystemIdleState: () => idleState }) as unknown as SystemLockSource;
  return { monitor, emitter, setIdleState: (s: typeof idleState) => (idleState = s) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('lockOnSystemEvents', () => {
  it('locks when the OS locks the screen and when it suspends', () => {
    const { monitor, emitter } = fakePowerMonitor();
    const locks: SystemLockReason[] = [];
    lockOnSystemEvents({ powerMonitor: monitor, platform: 'darwin', lock: (r) => locks.push(r) });
    emitter.emit('lock-screen');
    emitter.emit('suspend');
    emitter.emit('resume');
    emitter.emit('unlock-screen');
    expect(locks).toEqual(['lock-screen', 'suspend']);
  });

  it('stops listening when disposed', () => {
    const { monitor, emitter } = fakePowerMonitor();
    const locks: SystemLockReason[] = [];
    const stop = lockOnSystemEvents({ powerMonitor: monitor, platform: 'win32', lock: (r) => locks.push(r) });
    stop();
    emitter.emit('lock-screen');
    emitter.emit('suspend');
    expect(locks).toEqual([]);
    expect(emitter.listenerCount('lock-screen') + emitter.listenerCount('suspend')).toBe(0);
  });

  it('on Linux, where no lock-screen event exists, locks once when the idle state turns to locked', () => {
    vi.useFakeTimers();
    const { monitor, setIdleState } = fakePowerMonitor();
    const locks: SystemLockReason[] = [];
    const stop = lockOnSystemEvents({ powerMonitor: monitor, platform: 'linux', pollMs: 1_000, lock: (r) => locks.push(r) });
    vi.advanceTimersByTime(3_000);
    expect(locks).toEqual([]);
    setIdleState('locked');
    vi.advanceTimersByTime(3_000);
    expect(locks).toEqual(['lock-screen']);
    setIdleState('active');
    vi.advanceTimersByTime(1_000);
    setIdleState('locked');
    vi.advanceTimersByTime(1_000);
    expect(locks).toEqual(['lock-screen', 'lock-screen']);
    stop();
    setIdleState('active');
    vi.advanceTimersByTime(1_000);
    setIdleState('locked');
    vi.advanceTimersByTime(5_000);
    expect(locks).toHaveLength(2);
  });

  it('does not poll on macOS and Windows (they emit lock-screen)', () => {
    vi.useFakeTimers();
    const { monitor, setIdleState } = fakePowerMonitor();
    const locks: SystemLockReason[] = [];
    lockOnSystemEvents({ powerMonitor: monitor, platform: 'darwin', pollMs: 1_000, lock: (r) => locks.push(r) });
    setIdleState('locked');
    vi.advanceTimersByTime(5_000);
    expect(locks).toEqual([]);
  });
});
