import type { CustomField, RecordDraft } from './imported-record';
import { loginOrNote } from './record-builder';

/** One KeePass string field; `protected` = ProtectInMemory / Protected in the source. */
export interface KeePassString {
  readonly key: string;
  readonly value: string;
  readonly protected: boolean;
}

const STANDARD = new Set(['Title', 'UserName', 'Password', 'URL', 'Notes']);
/**
 * KeePassXC stores the seed as `otp` (an otpauth URI); KeePass 2.47+ natively as
 * `TimeOtp-Secret-Base32` (plus -Length/-Period/-Algorithm settings, folded into the URI's
 * defaults here); the KeeOtp plugin as `TOTP Seed`.
 */
const TOTP_KEYS = ['otp', 'TimeOtp-Secret-Base32', 'TOTP Seed'];
const TOTP_SETTINGS = /^TimeOtp-|^TOTP Settings$/;

export function keepassDraft(strings: readonly KeePassString[], folder: string | null): RecordDraft {
  const byKey = new Map(strings.map((s) => [s.key, s]));
  const text = (key: string): string => byKey.get(key)?.value ?? '';
  const totpKey = TOTP_KEYS.find((k) => text(k) !== '');
  const fields: CustomField[] = strings
    .filter((s) => !STANDARD.has(s.key) && s.key !== totpKey && !TOTP_SETTINGS.test(s.key))
    .map((s) => ({ name: s.key, value: s.value, hidden: s.protected }));
  const totp = totpKey === undefined ? '' : text(totpKey);
  return {
    type: loginOrNote({ username: text('UserName'), password: text('Password'), url: text('URL'), totp, notes: text('Notes') }),
    title: text('Title'),
    username: text('UserName'),
    password: text('Password'),
    urls: [text('URL')],
    notes: text('Notes'),
    totp,
    fields,
    folder,
  };
}
