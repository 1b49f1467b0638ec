import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../preload/contract';
import { trayStatusText, type TrayState } from '../../../main/app/tray-menu';
import { createTrayStateKeeper } from '../../../main/app/tray-state';
import { createEventBus } from '../../../main/ipc/event-bus';

function signedIn(email: string, vaultUnlocked: boolean): SessionView {
  return {
    kind: 'signed-in',
    user: { id: 'u1', email, node: 'Acme', role: 'Employee' },
    vaultUnlocked,
    vaultExists: true,
    secondFactor: 'not-needed',
  } as unknown as SessionView;
}

/** The tray as main.ts wires it: session events from the bus, hidden-start progress directly. */
function wiredTray() {
  const shown: string[] = [];
  const keeper = createTrayStateKeeper((state: TrayState) => shown.push(trayStatusText(state)));
  const bus = createEventBus();
  bus.subscribe((event, payload) => {
    if (event === 'session') keeper.fromSession(payload as SessionView);
  });
  return { keeper, bus, shown };
}

describe('tray state', () => {
  it('keeps the email of a silent sign-in whose outcome carries none (session event first)', () => {
    const { keeper, bus, shown } = wiredTray();
    keeper.fromHiddenStart({ signIn: 'signing-in' });
    bus.emit('session', signedIn('alice@acme.com', true));
    keeper.fromHiddenStart({ signIn: 'signed-in' });
    expect(shown).toEqual(['Signing in…', 'Signed in as alice@acme.com', 'Signed in as alice@acme.com']);
  });

  it('fills the email in when the session event comes after the silent sign-in', () => {
    const { keeper, bus, shown } = wiredTray();
    keeper.fromHiddenStart({ signIn: 'signed-in' });
    bus.emit('session', signedIn('alice@acme.com', true));
    expect(shown.at(-1)).toBe('Signed in as alice@acme.com');
  });

  it('shows a locked vault as locked even when the silent sign-in reports signed in', () => {
    const { keeper, bus } = wiredTray();
    bus.emit('session', signedIn('alice@acme.com', false));
    keeper.fromHiddenStart({ signIn: 'signed-in' });
    expect(trayStatusText(keeper.state)).toBe('Vault locked (alice@acme.com)');
  });

  it('ignores hidden-start progress once a session is signed in, and forgets the email on sign-out', () => {
    const { keeper, bus } = wiredTray();
    bus.emit('session', signedIn('alice@acme.com', true));
    keeper.fromHiddenStart({ signIn: 'needs-user' });
    expect(trayStatusText(keeper.state)).toBe('Signed in as alice@acme.com');
    bus.emit('session', { kind: 'signed-out' });
    keeper.fromHiddenStart({ signIn: 'signed-in' });
    expect(trayStatusText(keeper.state)).toBe('Signed in');
  });
});
