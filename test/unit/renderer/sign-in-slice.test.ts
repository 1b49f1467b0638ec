import { describe, expect, it } from 'vitest';
import type { Channel, KeyhavenApi, Result, SignInState } from '../../../preload/contract';
import { createAppStore, type AppStore } from '../../../renderer/src/state/app-store';

type Handlers = { [C in Channel]?: () => Promise<Result<unknown>> };

/** The store on a bridge whose answers the test gives, and whose signInState events it sends as main would. */
function storeWith(handlers: Handlers): { store: AppStore; announce: (state: SignInState) => void } {
  let listener: (state: SignInState) => void = () => undefined;
  const api = new Proxy({} as KeyhavenApi, {
    get(_target, name: string) {
      if (name === 'on') {
        return (event: string, handle: (state: SignInState) => void) => {
          if (event === 'signInState') listener = handle;
          return () => undefined;
        };
      }
      return () => {
        const handler = handlers[name as Channel];
        if (!handler) throw new Error(`unexpected call ${name}`);
        return handler();
      };
    },
  });
  return { store: createAppStore(api), announce: (state) => listener(state) };
}

function later<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const waiting: SignInState = {
  kind: 'waiting',
  email: 'bob@acme.test',
  connectionType: 'saml',
  authorizationUrl: 'http://127.0.0.1:1/sso',
  expiresAt: new Date(Date.now() + 300_000).toISOString(),
  browser: 'unknown',
};
const cancelled: SignInState = { kind: 'failed', error: { code: 'sign_in_cancelled', message: 'You cancelled the sign-in. Nothing was changed.' } };

describe('sign-in slice', () => {
  it('keeps a Cancel when the start’s answer lands after it', async () => {
    const startAnswer = later<Result<SignInState>>();
    const { store, announce } = storeWith({ startSignIn: () => startAnswer.promise, cancelSignIn: () => Promise.resolve({ ok: true, value: cancelled }) });
    const starting = store.getState().startSignIn('bob@acme.test');
    announce({ kind: 'idle' });
    announce(waiting);
    expect(store.getState().signIn).toEqual(waiting);

    await store.getState().cancelSignIn();
    announce(cancelled);
    startAnswer.resolve({ ok: true, value: waiting });
    await starting;
    expect(store.getState().signIn).toEqual(cancelled);
    expect(store.getState().signInBusy).toBe(false);
  });

  it('keeps a Cancel over a late start answer even when no event reached the window', async () => {
    const startAnswer = later<Result<SignInState>>();
    const { store } = storeWith({ startSignIn: () => startAnswer.promise, cancelSignIn: () => Promise.resolve({ ok: true, value: cancelled }) });
    const starting = store.getState().startSignIn('bob@acme.test');
    await store.getState().cancelSignIn();
    startAnswer.resolve({ ok: true, value: waiting });
    await starting;
    expect(store.getState().signIn).toEqual(cancelled);
  });

  it('takes the start’s answer when nothing came in between', async () => {
    const { store } = storeWith({ startSignIn: () => Promise.resolve({ ok: true, value: waiting }) });
    await store.getState().startSignIn('bob@acme.test');
    expect(store.getState().signIn).toEqual(waiting);
    expect(store.getState().signInBusy).toBe(false);
  });

  it('shows a refusal that came before any sign-in began', async () => {
    const error = { code: 'keychain_unavailable', message: 'No keychain.' } as const;
    const { store } = storeWith({ startSignIn: () => Promise.resolve({ ok: false, error }) });
    await store.getState().startSignIn('bob@acme.test');
    expect(store.getState().signIn).toEqual({ kind: 'failed', error });
  });

  it('applies every state main announces, in order, after an answer', async () => {
    const { store, announce } = storeWith({ startSignIn: () => Promise.resolve({ ok: true, value: waiting }) });
    await store.getState().startSignIn('bob@acme.test');
    announce(cancelled);
    expect(store.getState().signIn).toEqual(cancelled);
  });
});
