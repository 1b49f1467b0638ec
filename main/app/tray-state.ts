import type { SessionView } from '../../preload/contract';
import type { TrayState } from './tray-menu';

/**
 * What the tray shows, from its two sources: the session events on the bus (who is signed in,
 * vault locked or not) and the start at login's progress (signing in, needs the person). The
 * session is the authority on who: a silent sign-in that reports only "signed in" must not wipe
 * the email the session event already brought ("Signed in as alice@acme.com").
 */
export interface TrayStateKeeper {
  readonly state: TrayState;
  fromSession(view: SessionView): void;
  fromHiddenStart(state: TrayState): void;
}

function trayStateFromSession(view: SessionView): TrayState {
  if (view.kind === 'signed-out') return { signIn: 'signed-out' };
  return { signIn: view.vaultUnlocked ? 'signed-in' : 'locked', email: view.user.email };
}

export function createTrayStateKeeper(onChange: (state: TrayState) => void): TrayStateKeeper {
  let state: TrayState = { signIn: 'signed-out' };
  let session: TrayState | null = null;
  const set = (next: TrayState): void => {
    state = next;
    onChange(next);
  };
  return {
    get state() {
      return state;
    },
    fromSession(view) {
      session = view.kind === 'signed-in' ? trayStateFromSession(view) : null;
      set(trayStateFromSession(view));
    },
    fromHiddenStart(next) {
      if (next.signIn === 'signed-in' && session) set(session);
      else if (next.signIn === 'signed-in' || !session) set(next);
      // Progress of a hidden start that a session overtook (signed in meanwhile) is old news.
    },
  };
}
