import type { MenuItemConstructorOptions } from 'electron';
import type { TrayState } from '../platform/tray-status';

export type { TrayState } from '../platform/tray-status';

/**
 * The tray icon's menu as plain data: the Electron shell turns it into a Menu. Pure, so
 * every state can be checked without Electron.
 */
export interface TrayActions {
  readonly open: () => void;
  readonly lock: () => void;
  readonly signIn: () => void;
  readonly quit: () => void;
}

export function trayStatusText(state: TrayState): string {
  const who = state.email ? ` as ${state.email}` : '';
  switch (state.signIn) {
    case 'signed-out':
      return 'Not signed in';
    case 'signing-in':
      return 'Signing in…';
    case 'signed-in':
      return `Signed in${who}`;
    case 'locked':
      return state.email ? `Vault locked (${state.email})` : 'Vault locked';
    case 'needs-user':
      return 'Sign-in needs your attention';
  }
}

/** The tray icon's hover text. */
export function trayTooltip(state: TrayState): string {
  return `Keyhaven — ${trayStatusText(state)}`;
}

export function buildTrayMenu(state: TrayState, actions: TrayActions): MenuItemConstructorOptions[] {
  const items: MenuItemConstructorOptions[] = [
    { id: 'status', label: trayStatusText(state), enabled: false },
    { type: 'separator' },
    { id: 'open', label: 'Open Keyhaven', click: () => actions.open() },
  ];
  if (state.signIn === 'signed-in') {
    items.push({ id: 'lock', label: 'Lock vault', click: () => actions.lock() });
  }
  if (state.signIn === 'signed-out' || state.signIn === 'needs-user') {
    items.push({ id: 'sign-in', label: 'Sign in…', click: () => actions.signIn() });
  }
  items.push({ type: 'separator' }, { id: 'quit', label: 'Quit Keyhaven', click: () => actions.quit() });
  return items;
}
