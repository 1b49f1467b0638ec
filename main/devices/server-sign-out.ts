import type { ContractError } from '../../preload/contract';
import type { PushSignOutReason } from './push-client';

/** What the sign-in screen says when the server ended the session of a running app. */
export function serverSignOutReason(reason: PushSignOutReason): ContractError {
  switch (reason) {
    case 'user_deactivated':
      return { code: 'user_deactivated', message: 'Your account was deactivated by your administrator. Your vault on this device is locked.' };
    case 'device_removed':
      return { code: 'device_removed', message: 'This device was removed from your account. Your vault on this device is locked.' };
    case 'session_expired':
      return { code: 'session_expired', message: 'The server ended this session. Sign in again to continue.' };
  }
}
