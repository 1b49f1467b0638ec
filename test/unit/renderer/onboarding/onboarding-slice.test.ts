import { describe, expect, it } from 'vitest';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Channel, KeyhavenApi, PasswordCheck, PlannedStep, Result, SessionView } from '../../../../preload/contract';
import { DEFAULT_POLICY } from '../../../../main/policy/enforcement-policy';
import { createOnboardingSlice, type OnboardingSlice } from '../../../../renderer/src/state/onboarding-slice';
import { createSessionSlice, type SessionSlice } from '../../../../renderer/src/state/session-slice';
import type { AppState } from '../../../../renderer/src/state/app-store';

type Handlers = { [C in Channel]?: (request: never) => Promise<Result<unknown>> };
type Store = StoreApi<SessionSlice & OnboardingSlice>;

function fakeApi(handlers: Handlers, calls: string[]): KeyhavenApi {
  return new Proxy({} as KeyhavenApi, {
    get(_target, name: string) {
      if (name === 'on') return () => () => undefined;
      return async (request: unknown) => {
        calls.push(name);
        const handler = handlers[name as Channel];
        if (!handler) throw new Error(`unexpected call ${name}`);
        return handler(request as never);
      };
    },
  });
}

/** The two slices under test, with the one vault action the session slice calls. */
function storeWith(handlers: Handlers, calls: string[] = []): Store {
  const api = fakeApi(handlers, calls);
  const store = createStore<AppState>()(
    (set, get) =>
      ({
        ...createSessionSlice(set, get, api),
        ...createOnboardingSlice(set, get, api),
        resetVault: () => undefined,
      }) as unknown as AppState,
  );
  return store as unknown as Store;
}

const ok = <T>(value: T): Promise<Result<T>> => Promise.resolve({ ok: true, value });

function signedIn(steps: readonly PlannedStep[]): SessionView {
  return {
    kind: 'signed-in',
    user: { id: 'u1', email: 'alice@acme.test', node: 'Engineering', role: 'Engineer' },
    policy: DEFAULT_POLICY,
    vaultExists: true,
    vaultUnlocked: true,
    secondFactor: 'not-needed',
    onboarding: { enabled: steps.length > 0, steps, current: steps.find((s) => s.status === 'pending')?.id ?? null },
  };
}

describe('onboarding slice', () => {
  it('answers a step the plan lists', async () => {
    const calls: string[] = [];
    const after = signedIn([{ id: 'import', required: false, status: 'skipped' }]);
    const store = storeWith({ completeOnboardingStep: () => ok(after) }, calls);
    store.setState({ session: signedIn([{ id: 'import', required: false, status: 'pending' }]) });
    expect(await store.getState().answerStep('import', 'skipped')).toBe(true);
    expect(calls).toEqual(['completeOnboardingStep']);
    expect(store.getState().session).toEqual(after);
  });

  it('sends no answer for a step that left the plan once its requirement was met', async () => {
    const calls: string[] = [];
    const store = storeWith({}, calls);
    store.setState({ session: signedIn([]) });
    expect(await store.getState().answerStep('vault', 'done')).toBe(true);
    expect(calls).toEqual([]);
  });

  it('keeps main’s refusal for the screen', async () => {
    const store = storeWith({
      completeOnboardingStep: () => Promise.resolve({ ok: false, error: { code: 'onboarding_incomplete', message: 'required' } }),
    });
    store.setState({ session: signedIn([{ id: 'two_factor', required: true, status: 'pending', methods: ['totp'] }]) });
    expect(await store.getState().answerStep('two_factor', 'skipped')).toBe(false);
    expect(store.getState().sessionError?.code).toBe('onboarding_incomplete');
    expect(store.getState().onboardingBusy).toBeNull();
  });

  it('keeps the newest strength check when an older one answers last', async () => {
    const waiting: Record<string, (check: PasswordCheck) => void> = {};
    const store = storeWith({
      checkMasterPassword: (request: { password: string }) =>
        new Promise((resolve) => {
          waiting[request.password] = (value) => resolve({ ok: true, value });
        }),
    });
    const older = store.getState().checkMasterPassword('abc');
    const newer = store.getState().checkMasterPassword('abcDEF123456');
    waiting['abcDEF123456']!({ ok: true, unmet: [], score: 4, label: 'Strong' });
    await newer;
    waiting['abc']!({ ok: false, unmet: ['At least 12 characters'], score: 0, label: 'Too weak' });
    await older;
    expect(store.getState().passwordCheck?.label).toBe('Strong');
  });

  it('does not ask main to verify when the security key ceremony failed', async () => {
    const calls: string[] = [];
    const store = storeWith({ webauthnRegisterOptions: () => ok({ options: { challenge: 'x' } }) }, calls);
    const done = await store
      .getState()
      .registerSecurityKey(async () => ({ ok: false, error: { code: 'two_factor_required', message: 'cancelled' } }));
    expect(done).toBe(false);
    expect(calls).toEqual(['webauthnRegisterOptions']);
    expect(store.getState().sessionError?.message).toBe('cancelled');
  });

  it('hands the ceremony’s answer and the remember choice to main', async () => {
    let sent: unknown = null;
    const after = signedIn([]);
    const store = storeWith({
      webauthnAuthenticateOptions: () => ok({ options: { challenge: 'c' } }),
      webauthnAuthenticateVerify: (request: unknown) => {
        sent = request;
        return ok(after);
      },
    });
    const done = await store.getState().authenticateWithSecurityKey(async (options) => ({ ok: true, response: { for: options } }), true);
    expect(done).toBe(true);
    expect(sent).toEqual({ response: { for: { challenge: 'c' } }, rememberDevice: true });
    expect(store.getState().session).toEqual(after);
  });

  it('forgets the TOTP secret once it is confirmed, and on request the backup codes', async () => {
    const store = storeWith({
      beginTotp: () => ok({ secret: 'JBSWY3DPEHPK3PXP', otpauthUri: 'otpauth://totp/x', qrSvg: '<svg/>' }),
      confirmTotp: () => ok(signedIn([])),
      createBackupCodes: () => ok({ codes: ['aaaa-bbbb'] }),
    });
    await store.getState().beginTotp();
    expect(store.getState().totpEnrolment?.secret).toBe('JBSWY3DPEHPK3PXP');
    expect(await store.getState().confirmTotp('123456')).toBe(true);
    expect(store.getState().totpEnrolment).toBeNull();
    await store.getState().createBackupCodes();
    expect(store.getState().backupCodes).toEqual(['aaaa-bbbb']);
    store.getState().forgetTwoFactorSecrets();
    expect(store.getState().backupCodes).toBeNull();
  });
});
