import { describe, expect, it } from 'vitest';
import { buildTrayMenu, trayTooltip, type TrayActions, type TrayState } from '../../../main/app/tray-menu';

function recordingActions() {
  const clicked: string[] = [];
  const actions: TrayActions = {
    open: () => clicked.push('open'),
    lock: () => clicked.push('lock'),
    signIn: () => clicked.push('signIn'),
    quit: () => clicked.push('quit'),
  };
  return { actions, clicked };
}

const labels = (state: TrayState) => buildTrayMenu(state, recordingActions().actions).map((i) => (i.type === 'separator' ? '---' : i.label));

describe('buildTrayMenu', () => {
  it('shows who is signed in and offers to lock the vault', () => {
    expect(labels({ signIn: 'signed-in', email: 'alice@acme.test' })).toEqual([
      'Signed in as alice@acme.test',
      '---',
      'Open Keyhaven',
      'Lock vault',
      '---',
      'Quit Keyhaven',
    ]);
  });

  it('offers sign-in when signed out or when the IdP needs the person', () => {
    expect(labels({ signIn: 'signed-out' })).toEqual(['Not signed in', '---', 'Open Keyhaven', 'Sign in…', '---', 'Quit Keyhaven']);
    expect(labels({ signIn: 'needs-user' })).toEqual(['Sign-in needs your attention', '---', 'Open Keyhaven', 'Sign in…', '---', 'Quit Keyhaven']);
  });

  it('offers neither lock nor sign-in while signing in or locked', () => {
    expect(labels({ signIn: 'signing-in' })).toEqual(['Signing in…', '---', 'Open Keyhaven', '---', 'Quit Keyhaven']);
    expect(labels({ signIn: 'locked', email: 'alice@acme.test' })).toEqual(['Vault locked (alice@acme.test)', '---', 'Open Keyhaven', '---', 'Quit Keyhaven']);
  });

  it('makes the status line a disabled item', () => {
    const [status] = buildTrayMenu({ signIn: 'signed-in' }, recordingActions().actions);
    expect(status).toMatchObject({ id: 'status', label: 'Signed in', enabled: false });
    expect(status?.click).toBeUndefined();
  });

  it('calls the matching action for each clickable item', () => {
    const { actions, clicked } = recordingActions();
    const items = [...buildTrayMenu({ signIn: 'signed-in' }, actions), ...buildTrayMenu({ signIn: 'signed-out' }, actions)];
    for (const id of ['open', 'lock', 'sign-in', 'quit']) {
      const item = items.find((i) => i.id === id);
      (item?.click as (() => void) | undefined)?.();
    }
    expect(clicked).toEqual(['open', 'lock', 'signIn', 'quit']);
  });

  it('puts the state in the tooltip', () => {
    expect(trayTooltip({ signIn: 'signed-in', email: 'alice@acme.test' })).toBe('Keyhaven — Signed in as alice@acme.test');
  });
});
