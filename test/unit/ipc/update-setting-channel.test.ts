import * as fsp from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandlerTable, SessionView } from '../../../preload/contract';
import { settingsHandlers } from '../../../main/ipc/handlers/settings-handlers';
import { runHandler } from '../../../main/ipc/run-handler';
import type { RuntimeServices } from '../../../main/ipc/runtime-services';
import { createLogger } from '../../../main/log/logger';
import { createSettingsStore, settingValues } from '../../../main/platform/settings';

const logger = createLogger({ level: 'silent' });
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/**
 * The `updateSetting` channel over a real settings store on disk. The session is a stand-in whose
 * answer is held back (the real one may read the keychain): what is under test is that an action
 * asked for right after a change (a copy reading the clipboard time) sees the change.
 */
describe('updateSetting: the next action uses what was just saved', () => {
  it('a read that arrives while the role policy is still being read waits for the change', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'keyhaven-update-setting-'));
    dirs.push(dir);
    let answerSession = (_: SessionView): void => undefined;
    const sessions = { view: () => new Promise<SessionView>((resolve) => (answerSession = resolve)) };
    const settings = createSettingsStore({ userDataDir: dir, fs: fsp, managed: { kind: 'none' } });
    const services = { sessions, settings } as unknown as RuntimeServices;
    const table = settingsHandlers(services, async () => undefined) as HandlerTable;

    const saving = runHandler(table, 'updateSetting', { name: 'clipboardClearSeconds', value: 2 }, { transport: 'web' }, logger, { checkResults: true });
    await new Promise((resolve) => setTimeout(resolve, 10));
    // What copyToClipboard asks for, while the change is still waiting for the session.
    const read = settings.effective();
    answerSession({ kind: 'signed-out' } as SessionView);

    const saved = await saving;
    expect(saved.ok).toBe(true);
    expect(settingValues(await read).clipboardClearSeconds).toBe(2);
  });
});
