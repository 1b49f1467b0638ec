import { describe, expect, it } from 'vitest';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Channel, KeyhavenApi, RequestOf, Result, SettingsView } from '../../../preload/contract';
import { createAppSlice, type AppSlice } from '../../../renderer/src/state/app-slice';
import type { AppState } from '../../../renderer/src/state/app-store';

const entry = <T,>(value: T) => ({ value, managed: false, locked: false, source: 'user' as const });
const settingsWith = (clipboardClearSeconds: number) =>
  ({ clipboardClearSeconds: entry(clipboardClearSeconds), theme: entry('system'), launchAtStartup: entry(false), startHidden: entry(false) }) as unknown as SettingsView;

/**
 * The settings part of the app slice over a bridge whose answers are held until released, so a
 * test decides the order in which they come back (the web host's calls are separate requests).
 */
function storeWithHeldAnswers() {
  const waiting: { channel: Channel; request: unknown; answer: (r: Result<SettingsView>) => void }[] = [];
  const api = new Proxy({} as KeyhavenApi, {
    get: (_t, name: string) =>
      name === 'on' ? () => () => undefined : (request: unknown) => new Promise<Result<SettingsView>>((answer) => waiting.push({ channel: name as Channel, request, answer })),
  });
  const store = createStore<AppState>()((set, get) => createAppSlice(set, get, api) as unknown as AppState) as unknown as StoreApi<AppSlice>;
  return { store, waiting };
}

describe('settings answers that come back out of order', () => {
  it('keeps the answer to the later change when the earlier one comes back last', async () => {
    const { store, waiting } = storeWithHeldAnswers();
    const first = store.getState().updateSetting('clipboardClearSeconds', 5);
    const second = store.getState().updateSetting('clipboardClearSeconds', 2);
    expect(waiting.map((w) => (w.request as RequestOf<'updateSetting'>).value)).toEqual([5, 2]);
    waiting[1]!.answer({ ok: true, value: settingsWith(2) });
    await second;
    waiting[0]!.answer({ ok: true, value: settingsWith(5) });
    await first;
    expect(store.getState().settings.clipboardClearSeconds?.value).toBe(2);
  });

  it('shows each answer that comes back in order, the last one last', async () => {
    const { store, waiting } = storeWithHeldAnswers();
    const load = store.getState().loadSettings();
    const change = store.getState().updateSetting('clipboardClearSeconds', 2);
    waiting[0]!.answer({ ok: true, value: settingsWith(30) });
    await load;
    expect(store.getState().settings.clipboardClearSeconds?.value).toBe(30);
    waiting[1]!.answer({ ok: true, value: settingsWith(2) });
    await change;
    expect(store.getState().settings.clipboardClearSeconds?.value).toBe(2);
  });

  it('does not let a load answered late put back what a change replaced, and shows a later refusal', async () => {
    const { store, waiting } = storeWithHeldAnswers();
    const load = store.getState().loadSettings();
    const change = store.getState().updateSetting('clipboardClearSeconds', 2);
    waiting[1]!.answer({ ok: true, value: settingsWith(2) });
    await change;
    waiting[0]!.answer({ ok: true, value: settingsWith(30) });
    await load;
    expect(store.getState().settings.clipboardClearSeconds?.value).toBe(2);
    const refused = store.getState().updateSetting('clipboardClearSeconds', 2);
    waiting[2]!.answer({ ok: false, error: { code: 'forbidden', message: 'Clipboard clearing is managed by your organisation.' } });
    await refused;
    expect(store.getState().settingsError?.code).toBe('forbidden');
    expect(store.getState().settings.clipboardClearSeconds?.value).toBe(2);
  });
});
