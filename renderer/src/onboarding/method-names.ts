import type { TwoFactorMethod } from '../../../main/policy/enforcement-policy';

/** The names people see for each two-factor method. */
export const METHOD_NAMES: Readonly<Record<TwoFactorMethod, string>> = {
  totp: 'Authenticator app',
  webauthn: 'Security key',
  backup_codes: 'Backup codes',
};

export const METHOD_HINTS: Readonly<Record<TwoFactorMethod, string>> = {
  totp: 'A 6-digit code from an app such as Microsoft Authenticator, Google Authenticator or 1Password.',
  webauthn: 'A hardware key such as a YubiKey, or your computer’s built-in authenticator.',
  backup_codes: 'Ten one-time codes you print or store somewhere safe.',
};
