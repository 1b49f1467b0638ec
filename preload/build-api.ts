import { CHANNELS, EVENTS, ipcChannelName, ipcEventName, type Channel, type EventName, type KeyhavenApi } from './contract';

/** The two ipcRenderer calls the preload uses; nothing else of Electron reaches the page. */
export interface PreloadElectron {
  invoke(channel: string, request: unknown): Promise<unknown>;
  on(channel: string, listener: (payload: unknown) => void): () => void;
}

const KNOWN_EVENTS: ReadonlySet<string> = new Set(EVENTS);

/**
 * One `invoke` per contract channel, nothing more: no logic lives in the preload. Each method
 * passes exactly one argument so the page cannot smuggle extra ones to main.
 */
export function buildKeyhavenApi(electron: PreloadElectron): KeyhavenApi {
  const api: Record<string, unknown> = {};
  for (const channel of CHANNELS) {
    const name: Channel = channel;
    api[name] = (request: unknown) => electron.invoke(ipcChannelName(name), request ?? {});
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!KNOWN_EVENTS.has(event)) throw new Error(`Unknown event: ${String(event)}`);
    return electron.on(ipcEventName(event), (payload) => listener(payload));
  };
  return Object.freeze(api) as unknown as KeyhavenApi;
}
