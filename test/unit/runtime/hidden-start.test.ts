import { describe, expect, it } from 'vitest';
import {
  createHiddenStartFlow,
  NEEDS_SIGN_IN_TITLE,
  shouldStartHidden,
  silentSignInTarget,
  type SilentSignInOutcome,
} from '../../../main/runtime/hidden-start';
import type { TrayState } from '../../../main/app/tray-menu';

describe('shouldStartHidden', () => {
  it('starts hidden for the --hidden flag of a login start', () => {
    expect(shouldStartHidden(['C:\\Program Files\\Keyhaven\\Keyhaven.exe', '--hidden'], { startHidden: false })).toBe(true);
  });

  it('starts hidden when the effective startHidden setting says so', () => {
    expect(shouldStartHidden(['/opt/Keyhaven/keyhaven'], { startHidden: true })).toBe(true);
  });

  it('starts hidden for a macOS login item, which carries no arguments', () => {
    expect(shouldStartHidden(['/Applications/Keyhaven.app/Contents/MacOS/Keyhaven'], { startHidden: false }, { wasOpenedAtLogin: true })).toBe(true);
  });

  it('shows the window for an ordinary start, even with a deep link that mentions hidden', () => {
    expect(shouldStartHidden(['/opt/Keyhaven/keyhaven', 'keyhaven://open?x=--hidden'], { startHidden: false })).toBe(false);
  });
});

describe('silentSignInTarget', () => {
  it('prefers an admin-set connection, then the last email, then the domain', () => {
    expect(silentSignInTarget({ ssoConnection: 'acme-okta', ssoDomain: 'acme.com', lastEmail: 'a@acme.com' })).toEqual({ kind: 'connection', connectionId: 'acme-okta', email: 'a@acme.com' });
    expect(silentSignInTarget({ ssoConnection: 'acme-okta', ssoDomain: 'acme.com', lastEmail: null })).toEqual({ kind: 'connection', connectionId: 'acme-okta' });
    expect(silentSignInTarget({ ssoDomain: 'acme.com', lastEmail: 'a@acme.com' })).toEqual({ kind: 'email', email: 'a@acme.com' });
    expect(silentSignInTarget({ ssoDomain: 'acme.com', lastEmail: null })).toEqual({ kind: 'domain', domain: 'acme.com' });
    expect(silentSignInTarget({ ssoDomain: null, lastEmail: null })).toEqual({ kind: 'none' });
  });
});

function recorder(signIn: () => Promise<SilentSignInOutcome>, timeoutMs = 1_000) {
  const tray: TrayState[] = [];
  const notes: [string, string][] = [];
  const errors: unknown[] = [];
  const flow = createHiddenStartFlow({
    signIn,
    notify: (title, body) => notes.push([title, body]),
    setTrayState: (s) => tray.push(s),
    onError: (e) => errors.push(e),
    timeoutMs,
  });
  return { flow, tray, notes, errors };
}

describe('createHiddenStartFlow', () => {
  it('signs in silently: tray goes signing-in → signed-in, nobody is notified', async () => {
    const r = recorder(async () => ({ kind: 'signed-in', email: 'alice@acme.test' }));
    expect(await r.flow.run()).toEqual({ kind: 'signed-in', email: 'alice@acme.test' });
    expect(r.tray).toEqual([{ signIn: 'signing-in' }, { signIn: 'signed-in', email: 'alice@acme.test' }]);
    expect(r.notes).toEqual([]);
  });

  it('accepts the plain string outcome too', async () => {
    const r = recorder(async () => 'signed-in');
    expect(await r.flow.run()).toEqual({ kind: 'signed-in' });
  });

  it('notifies once when the IdP needs the person', async () => {
    const r = recorder(async () => 'needs-user');
    expect(await r.flow.run()).toEqual({ kind: 'needs-user', reason: 'interaction-required' });
    expect(r.tray).toEqual([{ signIn: 'signing-in' }, { signIn: 'needs-user' }]);
    expect(r.notes).toEqual([[NEEDS_SIGN_IN_TITLE, expect.stringContaining('open Keyhaven')]]);
    expect(NEEDS_SIGN_IN_TITLE).toBe('Keyhaven needs you to sign in');
  });

  it('treats a failed sign-in as needing the person and reports the error', async () => {
    const boom = new Error('backend unreachable');
    const r = recorder(() => Promise.reject(boom));
    expect(await r.flow.run()).toEqual({ kind: 'needs-user', reason: 'error' });
    expect(r.notes).toHaveLength(1);
    expect(r.errors).toEqual([boom]);
  });

  it('asks the person after the timeout and quietly catches up if the sign-in finishes later', async () => {
    let finish: (o: SilentSignInOutcome) => void = () => undefined;
    const r = recorder(() => new Promise((resolve) => (finish = resolve)), 20);
    expect(await r.flow.run()).toEqual({ kind: 'needs-user', reason: 'timeout' });
    expect(r.notes).toHaveLength(1);
    finish({ kind: 'signed-in', email: 'alice@acme.test' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(r.tray.at(-1)).toEqual({ signIn: 'signed-in', email: 'alice@acme.test' });
    expect(r.notes).toHaveLength(1);
  });

  it('runs the sign-in only once however often it is started', async () => {
    let calls = 0;
    const r = recorder(async () => {
      calls += 1;
      return 'signed-in';
    });
    await Promise.all([r.flow.run(), r.flow.run()]);
    await r.flow.run();
    expect(calls).toBe(1);
  });
});
