import type { HandlerTable } from '../../../preload/contract';
import { API } from '../../api/api';
import { ensureKeychainUsable } from '../../vault/keychain/keychain-probe';
import type { RuntimeServices } from '../runtime-services';

type SessionChannels = 'getAppInfo' | 'lookupSso' | 'startSignIn' | 'reopenSignInPage' | 'cancelSignIn' | 'confirmSignIn' | 'getSignInState' | 'getSession' | 'signOut';

export function sessionHandlers(s: RuntimeServices): Pick<HandlerTable, SessionChannels> {
  return {
    getAppInfo: () => s.info(),
    lookupSso: ({ email }) => s.backend.call(API.sso.lookup, { query: { email } }),
    async startSignIn({ email }) {
      // Before the IdP: without a keychain the sign-in could not be kept, after the password was typed.
      await ensureKeychainUsable(s.keychain);
      const started = await s.signIn.start(email);
      if (started.kind === 'failed') return started;
      // Remembered for next time; a failure to write settings must not fail the sign-in.
      await s.settings.update('lastEmail', email).catch(() => undefined);
      // The sign-in may have moved on while the email was saved (a Cancel, the IdP's answer):
      // the caller gets where it stands now, not the state it started in.
      return s.signIn.state();
    },
    reopenSignInPage: async () => ({ opened: await s.signIn.reopen() }),
    cancelSignIn: () => s.signIn.cancel(),
    confirmSignIn: ({ accept }) => s.signIn.confirm(accept),
    getSignInState: async () => s.signIn.state(),
    getSession: () => s.sessions.view(),
    signOut: () => s.sessions.signOut(),
  };
}
