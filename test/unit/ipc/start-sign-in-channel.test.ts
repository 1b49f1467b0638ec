import * as fsp from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandlerTable, SignInState } from '../../../preload/contract';
import { sessionHandlers } from '../../../main/ipc/handlers/session-handlers';
import { runHandler } from '../../../main/ipc/run-handler';
import type { RuntimeServices } from '../../../main/ipc/runtime-services';
import { createLogger } from '../../../main/log/logger';
import { createSettingsStore } from '../../../main/platform/settings';
import type { SignInFlow } from '../../../main/sso/sign-in-flow';
import { createMemoryKeychainForTests } from '../../support/memory-keychain';

const waiting: SignInState = {
  kind: 'waiting',
  email: 'alice@acme.test',
  connectionType: 'oidc',
  authorizationUrl: 'https://idp.acme.test/authorize',
  expiresAt: '2026-12-02T12:00:00.000Z',
  browser: 'opened',
};
const cancelled: SignInState = { kind: 'failed', error: { code: 'sign_in_cancelled', message: 'You cancelled the sign-in. Nothing was changed.' } };

const logger = createLogger({ level: 'silent' });
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/**
 * The `startSignIn` channel (its schemas checked) over a real settings store on disk. The sign-in flow is a stand-in holding one
 * state (the real flow needs an IdP and a browser; `loopback-security.spec.ts` runs it whole):
 * what is under test is which state the channel answers when the sign-in moves on while the
 * email is being saved.
 */
async function startSignInWhile(duringSave: (flow: { current: SignInState }) => void, started: SignInState = waiting) {
  const dir = await mkdtemp(path.join(tmpdir(), 'keyhaven-start-sign-in-'));
  dirs.push(dir);
  const flow = { current: { kind: 'idle' } as SignInState };
  const signIn = {
    async start() {
      flow.current = started;
      return started;
    },
    state: () => flow.current,
  } as unknown as SignInFlow;
  const settings = createSettingsStore({
    userDataDir: dir,
    managed: { kind: 'none' },
    fs: {
      ...fsp,
      async rename(from: string, to: string) {
        duringSave(flow);
        await fsp.rename(from, to);
      },
    },
  });
  const services = { keychain: createMemoryKeychainForTests(), signIn, settings } as unknown as RuntimeServices;
  const table = sessionHandlers(services) as HandlerTable;
  const result = await runHandler(table, 'startSignIn', { email: 'alice@acme.test' }, { transport: 'ipc' }, logger, { checkResults: true });
  if (!result.ok) throw new Error(`startSignIn: ${result.error.code} ${result.error.message}`);
  return { answer: result.value, settings };
}

describe('startSignIn answers where the sign-in stands once the email is saved', () => {
  it('answers the Cancel that landed while the email was saved, not the waiting state it started in', async () => {
    const { answer, settings } = await startSignInWhile((flow) => {
      flow.current = cancelled;
    });
    expect(answer).toEqual(cancelled);
    expect((await settings.readUser()).lastEmail).toBe('alice@acme.test');
  });

  it('answers the waiting state when nothing happened meanwhile, and remembers the email', async () => {
    const { answer, settings } = await startSignInWhile(() => undefined);
    expect(answer).toEqual(waiting);
    expect((await settings.readUser()).lastEmail).toBe('alice@acme.test');
  });

  it('answers a failed start as it is and does not remember the email', async () => {
    const failed: SignInState = { kind: 'failed', error: { code: 'no_sso_for_domain', message: 'No single sign-on is set up for acme.test.' } };
    let saved = false;
    const { answer, settings } = await startSignInWhile(() => {
      saved = true;
    }, failed);
    expect(answer).toEqual(failed);
    expect(saved).toBe(false);
    expect((await settings.readUser()).lastEmail).toBeFalsy();
  });
});
