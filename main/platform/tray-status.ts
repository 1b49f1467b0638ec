/**
 * What the tray shows about sign-in, as data. Start-up code (hidden start) sets it in either host;
 * only the Electron shell draws it.
 */
export type TraySignInState = 'signed-out' | 'signing-in' | 'signed-in' | 'locked' | 'needs-user';

export interface TrayState {
  readonly signIn: TraySignInState;
  readonly email?: string;
}
