/**
 * Runs in the page served by the web host (bundled to /bridge.js): builds `window.keyhaven`
 * with the very same builder as the Electron preload, over fetch + WebSocket instead of IPC.
 * It holds no credential: the window's HttpOnly cookie (set when its launch code was exchanged)
 * goes with every same-origin request and the WebSocket upgrade.
 */
import { buildKeyhavenApi, type PreloadElectron } from '../../preload/build-api';
import { EVENT_PREFIX, IPC_PREFIX } from '../../preload/contract';

const listeners = new Map<string, Set<(payload: unknown) => void>>();

function connectEvents(attempt = 0): void {
  const socket = new WebSocket(`ws://${window.location.host}/events`);
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as { event?: string; payload?: unknown; ready?: boolean };
    if (data.ready) {
      attempt = 0;
      return;
    }
    for (const listener of listeners.get(EVENT_PREFIX + String(data.event)) ?? []) listener(data.payload);
  });
  socket.addEventListener('close', () => {
    const delay = Math.min(5_000, 250 * 2 ** attempt);
    setTimeout(() => connectEvents(attempt + 1), delay);
  });
}

const transport: PreloadElectron = {
  async invoke(channel, request) {
    const name = channel.startsWith(IPC_PREFIX) ? channel.slice(IPC_PREFIX.length) : channel;
    let response: Response;
    try {
      response = await fetch(`/rpc/${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        credentials: 'same-origin',
        body: JSON.stringify(request ?? {}),
      });
    } catch {
      return { ok: false, error: { code: 'backend_unreachable', message: 'Keyhaven is not running any more. Start it again.' } };
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string; message?: string };
      return { ok: false, error: { code: body.error ?? 'internal', message: body.message ?? 'Request refused.' } };
    }
    return response.json();
  },
  on(channel, listener) {
    const set = listeners.get(channel) ?? new Set();
    set.add(listener);
    listeners.set(channel, set);
    return () => set.delete(listener);
  },
};

connectEvents();
Object.defineProperty(window, 'keyhaven', { value: buildKeyhavenApi(transport), writable: false, configurable: false });
