import { describe, expect, it } from 'vitest';
import type { SignInState } from '../../../preload/contract';
import { findDeepLink, followDeepLink, parseDeepLink } from '../../../main/runtime/deep-link';
import type { SignInTarget } from '../../../main/sso/sign-in-target';

const waiting: SignInState = { kind: 'waiting', email: 'a@acme.test', connectionType: 'oidc', authorizationUrl: 'https://idp.test/auth', expiresAt: '2030-01-01T00:00:00.000Z', browser: 'opened' };

/** The sign-in flow's side of a link, recording what the link asked of it. */
function flowIn(state: SignInState) {
  const calls: string[] = [];
  return {
    calls,
    signIn: {
      state: () => state,
      start: async (target: SignInTarget) => {
        calls.push(`start ${JSON.stringify(target)}`);
        return waiting;
      },
      receiveHandover: async (code: string) => {
        calls.push(`handover ${code}`);
        return { kind: 'confirm', email: 'x@acme.test', source: 'link', expiresAt: '2030-01-01T00:00:00.000Z' } as SignInState;
      },
    },
  };
}

describe('keyhaven:// links', () => {
  it('parses only the closed set of actions', () => {
    expect(parseDeepLink('keyhaven://sign-in?email=a@acme.test')).toEqual({ kind: 'sign-in', email: 'a@acme.test' });
    expect(parseDeepLink('keyhaven://handover?code=abcdefghijklmnop0123')).toEqual({ kind: 'handover', code: 'abcdefghijklmnop0123' });
    expect(parseDeepLink('keyhaven://handover?code=short')).toEqual({ kind: 'open' });
    expect(parseDeepLink('keyhaven://handover?code=../../etc/passwd-0123456789')).toEqual({ kind: 'open' });
    expect(parseDeepLink('keyhaven://delete-everything')).toEqual({ kind: 'open' });
    expect(parseDeepLink('https://evil.example/sign-in?email=a@b.c')).toEqual({ kind: 'open' });
    expect(findDeepLink(['/opt/Keyhaven/keyhaven', '--hidden', 'keyhaven://open'])).toBe('keyhaven://open');
  });

  it('a sign-in link starts a sign-in only when nothing is in progress and nobody is signed in', async () => {
    const idle = flowIn({ kind: 'idle' });
    expect(await followDeepLink('keyhaven://sign-in?email=a@acme.test', { signIn: idle.signIn, signedIn: async () => false })).toBe('started');
    expect(idle.calls).toEqual(['start "a@acme.test"']);

    const busy = flowIn(waiting);
    expect(await followDeepLink('keyhaven://sign-in?email=evil@acme.test', { signIn: busy.signIn, signedIn: async () => false })).toBe('busy');
    const confirming = flowIn({ kind: 'confirm', email: 'x@acme.test', source: 'link', expiresAt: '2030-01-01T00:00:00.000Z' });
    expect(await followDeepLink('keyhaven://sign-in?email=evil@acme.test', { signIn: confirming.signIn, signedIn: async () => false })).toBe('busy');
    const signedIn = flowIn({ kind: 'idle' });
    expect(await followDeepLink('keyhaven://sign-in?email=evil@acme.test', { signIn: signedIn.signIn, signedIn: async () => true })).toBe('busy');
    expect([...busy.calls, ...confirming.calls, ...signedIn.calls]).toEqual([]);
  });

  it('a handover link only ever asks for confirmation', async () => {
    const flow = flowIn(waiting);
    expect(await followDeepLink('keyhaven://handover?code=abcdefghijklmnop0123', { signIn: flow.signIn, signedIn: async () => true })).toBe('confirming');
    expect(flow.calls).toEqual(['handover abcdefghijklmnop0123']);
  });
});
