import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, CONTRACT, EVENTS, EVENT_SCHEMAS, ipcChannelName, type HandlerTable } from '../../../preload/contract';
import { ADMIN_CHANNELS } from '../../../preload/channels/admin-channels';
import { DEVICE_CHANNELS } from '../../../preload/channels/device-channels';
import { IMPORT_CHANNELS } from '../../../preload/channels/import-channels';
import { ONBOARDING_CHANNELS } from '../../../preload/channels/onboarding-channels';
import { SECURITY_CHANNELS } from '../../../preload/channels/security-channels';
import { SESSION_CHANNELS } from '../../../preload/channels/session-channels';
import { SETTINGS_CHANNELS } from '../../../preload/channels/settings-channels';
import { VAULT_CHANNELS } from '../../../preload/channels/vault-channels';
import { RECORD_LIMITS } from '../../../main/shared/record-limits';
import { createHandlerTable } from '../../../main/ipc/create-handler-table';
import { registerIpcHandlers } from '../../../main/ipc/electron-transport';
import { createEventBus } from '../../../main/ipc/event-bus';
import type { RuntimeServices } from '../../../main/ipc/runtime-services';
import { startWebTransport, type WebTransport } from '../../../main/host/web-transport';
import { createLogger } from '../../../main/log/logger';
import { prepareRecord } from '../../../main/vault/prepare-record';
import { runHandler } from '../../../main/ipc/run-handler';

const logger = createLogger({ level: 'silent' });

/** Enough of the services to build the table and look at it; no handler runs. */
const unusedServices = new Proxy({} as RuntimeServices, { get: () => new Proxy(() => undefined, { get: () => () => undefined }) });

const AREAS = [SESSION_CHANNELS, ONBOARDING_CHANNELS, VAULT_CHANNELS, IMPORT_CHANNELS, DEVICE_CHANNELS, SETTINGS_CHANNELS, ADMIN_CHANNELS, SECURITY_CHANNELS];

function draft(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'login', title: 't', username: '', password: '', urls: [], notes: '', folder: null, totp: null, fields: [], favorite: false, ...overrides };
}
const urls = (n: number) => Array.from({ length: n }, (_, i) => `https://site${i}.example`);
const fields = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `f${i}`, value: 'v', hidden: false }));

describe('the contract table', () => {
  it('declares each channel in exactly one area table', () => {
    const declared = AREAS.flatMap((area) => Object.keys(area));
    expect(new Set(declared).size).toBe(declared.length);
    expect([...declared].sort()).toEqual([...CHANNELS].sort());
  });

  it('is implemented by the handler table: every channel, and nothing else', () => {
    const table = createHandlerTable(unusedServices, { deviceId: 'd', onSettingsChange: async () => undefined });
    expect(Object.keys(table).sort()).toEqual(Object.keys(CONTRACT).sort());
    for (const channel of CHANNELS) expect(typeof table[channel]).toBe('function');
  });

  it('gives every channel a strict request schema that refuses an unknown key', () => {
    for (const channel of CHANNELS) {
      expect(CONTRACT[channel].request.safeParse({ notAField: true }).success, channel).toBe(false);
    }
  });

  it('lists every event with the schema of its payload', () => {
    expect([...EVENTS].sort()).toEqual(Object.keys(EVENT_SCHEMAS).sort());
  });

  it('refuses to update a setting that is not editable, or with a value of the wrong type', () => {
    const update = CONTRACT.updateSetting.request;
    expect(update.safeParse({ name: 'theme', value: 'dark' }).success).toBe(true);
    expect(update.safeParse({ name: 'clipboardClearSeconds', value: 10 }).success).toBe(true);
    expect(update.safeParse({ name: 'lastEmail', value: 'a@b.c' }).success).toBe(false);
    expect(update.safeParse({ name: 'theme', value: 'purple' }).success).toBe(false);
    expect(update.safeParse({ name: 'launchAtStartup', value: 'yes' }).success).toBe(false);
  });
});

describe('record limits: one set for the contract and the vault', () => {
  const save = CONTRACT.saveRecord.request;
  const now = new Date('2026-01-01T00:00:00Z');

  it(`accepts a record at the limits (${RECORD_LIMITS.urls} websites, ${RECORD_LIMITS.fields} fields) on both sides`, () => {
    const record = draft({ urls: urls(RECORD_LIMITS.urls), fields: fields(RECORD_LIMITS.fields) });
    expect(save.safeParse({ record }).success).toBe(true);
    expect(() => prepareRecord(record, null, now, () => 'new-id')).not.toThrow();
  });

  it('refuses one website or one field more on both sides', () => {
    for (const record of [draft({ urls: urls(RECORD_LIMITS.urls + 1) }), draft({ fields: fields(RECORD_LIMITS.fields + 1) })]) {
      expect(save.safeParse({ record }).success).toBe(false);
      expect(() => prepareRecord(record, null, now, () => 'new-id')).toThrow();
    }
  });
});

const tooManyUrls = { record: draft({ urls: urls(RECORD_LIMITS.urls + 1) }) };

describe('each transport refuses a request that fails its schema, naming the field', () => {
  it('Electron IPC', async () => {
    let ran = false;
    const handlers = new Map<string, (event: unknown, request: unknown) => Promise<unknown>>();
    const table = new Proxy({} as HandlerTable, { get: () => async () => ((ran = true), {}) });
    registerIpcHandlers({
      ipcMain: { handle: (c: string, fn: never) => void handlers.set(c, fn), removeHandler: () => undefined },
      table,
      isTrustedSender: () => true,
      logger,
    });
    const answer = await handlers.get(ipcChannelName('saveRecord'))!({ senderFrame: {} }, tooManyUrls);
    expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect((answer as { error: { message: string } }).error.message).toMatch(/^Invalid request for saveRecord: record\.urls: /);
    expect(ran).toBe(false);
  });

  describe('web host', () => {
    let transport: WebTransport;
    let cookie = '';
    let ran = false;
    beforeAll(async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'kh-contract-'));
      writeFileSync(path.join(dir, 'index.html'), '<html><head></head><body></body></html>');
      const table = new Proxy({} as HandlerTable, { get: () => async () => ((ran = true), {}) });
      transport = await startWebTransport({ table, bus: createEventBus(), logger, rendererDir: dir, bridgeScript: '' });
      const launch = new URL(transport.launchUrl);
      const res = await fetch(`http://127.0.0.1:${transport.port}${launch.pathname}${launch.search}`, { redirect: 'manual' });
      const setCookie = res.headers.get('set-cookie') ?? '';
      cookie = setCookie.slice(0, setCookie.indexOf(';'));
    });
    afterAll(() => transport.close());

    it('answers bad_request naming the field, and runs no handler', async () => {
      const origin = `http://127.0.0.1:${transport.port}`;
      const res = await fetch(`${origin}/rpc/saveRecord`, {
        method: 'POST',
        headers: { origin, cookie, 'content-type': 'application/json' },
        body: JSON.stringify(tooManyUrls),
      });
      expect(res.status).toBe(200);
      const answer = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(answer).toMatchObject({ ok: false, error: { code: 'bad_request' } });
      expect(answer.error.message).toMatch(/^Invalid request for saveRecord: record\.urls: /);
      expect(ran).toBe(false);
    });
  });
});

describe('result checks (the test hosts turn them on)', () => {
  const answering = (value: unknown) => new Proxy({} as HandlerTable, { get: () => async () => value });
  const lines: string[] = [];
  const recording = createLogger({ level: 'error', destination: { write: (line: string) => void lines.push(line) } });

  it('passes a result that matches its schema', async () => {
    const result = await runHandler(answering({ opened: true }), 'reopenSignInPage', {}, { transport: 'web' }, recording, { checkResults: true });
    expect(result).toEqual({ ok: true, value: { opened: true } });
  });

  it('answers internal, and logs which field, for a result that does not match', async () => {
    const result = await runHandler(answering({ opened: 'yes' }), 'reopenSignInPage', {}, { transport: 'web' }, recording, { checkResults: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(lines.at(-1)).toContain('The result of reopenSignInPage does not match its schema: opened:');
  });

  it('leaves results unchecked unless asked', async () => {
    const result = await runHandler(answering({ opened: 'yes' }), 'reopenSignInPage', {}, { transport: 'web' }, recording);
    expect(result).toEqual({ ok: true, value: { opened: 'yes' } });
  });
});
