import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS, EVENTS, ipcChannelName, ipcEventName, type Channels } from '../../../preload/contract';

/**
 * Runs the real preload/index.ts against a recording stand-in for Electron's contextBridge and
 * ipcRenderer (the Electron binary cannot run on these machines).
 */
const recorded = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invocations: [] as { channel: string; args: unknown[] }[],
  listeners: new Map<string, ((event: unknown, payload: unknown) => void)[]>(),
}));

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => recorded.exposed.set(key, api),
  },
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]) => {
      recorded.invocations.push({ channel, args });
      return Promise.resolve({ ok: true, value: channel });
    },
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      recorded.listeners.set(channel, [...(recorded.listeners.get(channel) ?? []), listener]);
    },
    removeListener: (channel: string, listener: (event: unknown, payload: unknown) => void) => {
      recorded.listeners.set(channel, (recorded.listeners.get(channel) ?? []).filter((l) => l !== listener));
    },
  },
}));

async function loadPreload(): Promise<Record<string, unknown>> {
  await import('../../../preload/index');
  const api = recorded.exposed.get('keyhaven');
  expect(api).toBeDefined();
  return api as Record<string, unknown>;
}

describe('preload', () => {
  afterEach(() => {
    recorded.invocations.length = 0;
  });

  it('exposes exactly one method per contract channel, plus on()', async () => {
    const api = await loadPreload();
    expect([...recorded.exposed.keys()]).toEqual(['keyhaven']);
    expect(Object.keys(api).sort()).toEqual([...CHANNELS, 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('lists every channel of the Channels type at runtime', () => {
    const typed: Record<keyof Channels, true> = Object.fromEntries(CHANNELS.map((c) => [c, true])) as Record<keyof Channels, true>;
    expect(Object.keys(typed)).toHaveLength(new Set(CHANNELS).size);
  });

  it('turns each method into one ipcRenderer.invoke of its named channel with one argument', async () => {
    const api = await loadPreload();
    for (const channel of CHANNELS) {
      const result = await (api[channel] as (r: unknown) => Promise<unknown>)({ probe: channel });
      expect(result).toEqual({ ok: true, value: ipcChannelName(channel) });
    }
    expect(recorded.invocations.map((i) => i.channel)).toEqual(CHANNELS.map(ipcChannelName));
    expect(recorded.invocations.every((i) => i.args.length === 1)).toBe(true);
  });

  it('forwards declared events and removes the listener on unsubscribe', async () => {
    const api = await loadPreload();
    const on = api.on as (event: string, listener: (p: unknown) => void) => () => void;
    const seen: unknown[] = [];
    const off = on('session', (p) => seen.push(p));
    for (const l of recorded.listeners.get(ipcEventName('session')) ?? []) l({ sender: 'x' }, { kind: 'signed-out' });
    expect(seen).toEqual([{ kind: 'signed-out' }]);
    off();
    expect(recorded.listeners.get(ipcEventName('session'))).toHaveLength(0);
    expect(EVENTS).toContain('session');
  });

  it('refuses to subscribe to an event the contract does not declare', async () => {
    const api = await loadPreload();
    const on = api.on as (event: string, listener: (p: unknown) => void) => () => void;
    expect(() => on('anything-else', () => undefined)).toThrow(/Unknown event/);
  });
});
