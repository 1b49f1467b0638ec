import { describe, expect, it } from 'vitest';
import { CHANNELS, ipcChannelName, type HandlerTable } from '../../../preload/contract';
import { createHandlerTable } from '../../../main/ipc/create-handler-table';
import { registerIpcHandlers } from '../../../main/ipc/electron-transport';
import { runHandler } from '../../../main/ipc/run-handler';
import { createLogger } from '../../../main/log/logger';
import type { RuntimeServices } from '../../../main/ipc/runtime-services';

const logger = createLogger({ level: 'silent' });

/** A services object whose every member throws: enough to build the table and inspect it. */
const unusedServices = new Proxy({} as RuntimeServices, {
  get: (_t, prop) => {
    if (prop === 'sessions') return { touch: () => undefined };
    return new Proxy(() => undefined, { get: () => () => undefined });
  },
});

describe('handler table', () => {
  it('has a handler for every contract channel and nothing else', () => {
    const table = createHandlerTable(unusedServices, { deviceId: 'd', onSettingsChange: async () => undefined });
    expect(Object.keys(table).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(typeof table[channel]).toBe('function');
  });

  it('registers every channel on Electron IPC', () => {
    const handled: string[] = [];
    const table = createHandlerTable(unusedServices, { deviceId: 'd', onSettingsChange: async () => undefined });
    const unregister = registerIpcHandlers({
      ipcMain: { handle: (c: string) => void handled.push(c), removeHandler: (c: string) => void handled.splice(handled.indexOf(c), 1) },
      table,
      isTrustedSender: () => true,
      logger,
    });
    expect(handled.sort()).toEqual(CHANNELS.map(ipcChannelName).sort());
    unregister();
    expect(handled).toEqual([]);
  });
});

describe('runHandler', () => {
  const table = { getAppInfo: async () => ({ ok: 1 }) } as unknown as HandlerTable;

  it('refuses unknown keys before any handler runs', async () => {
    const result = await runHandler(table, 'lookupSso', { email: 'a@b.c', extra: 1 }, { transport: 'web' }, logger);
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses an unknown channel', async () => {
    const result = await runHandler(table, 'deleteEverything', {}, { transport: 'web' }, logger);
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('answers internal for an unexpected error without leaking its text', async () => {
    const failing = { getAppInfo: async () => { throw new Error('secret database path /x/y'); } } as unknown as HandlerTable;
    const result = await runHandler(failing, 'getAppInfo', {}, { transport: 'web' }, logger);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('internal');
      expect(result.error.message).not.toContain('secret');
    }
  });
});

describe('IPC sender check', () => {
  it('answers forbidden to an untrusted frame without running the handler', async () => {
    let ran = false;
    const handlers = new Map<string, (event: unknown, req: unknown) => Promise<unknown>>();
    const table = new Proxy({} as HandlerTable, { get: () => async () => { ran = true; return {}; } });
    registerIpcHandlers({
      ipcMain: { handle: (c: string, fn: never) => void handlers.set(c, fn), removeHandler: () => undefined },
      table,
      isTrustedSender: (frame) => frame !== null && (frame as unknown as { url: string }).url === 'app://keyhaven/index.html',
      logger,
    });
    const handler = handlers.get(ipcChannelName('getAppInfo'));
    expect(handler).toBeDefined();
    const refused = await handler!({ senderFrame: { url: 'https://evil.example/' } }, {});
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(ran).toBe(false);
    const allowed = await handler!({ senderFrame: { url: 'app://keyhaven/index.html' } }, {});
    expect(allowed).toMatchObject({ ok: true });
    expect(ran).toBe(true);
  });
});
