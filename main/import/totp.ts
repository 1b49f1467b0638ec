/** Drops trailing `=` padding without a `=+$` regex, which is quadratic on a long run of `=`. */
function withoutPadding(value: string): string {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 61) end--;
  return value.slice(0, end);
}

export type TotpOutcome = { readonly totp: string | null } | { readonly error: string };

const BASE32 = /^[A-Z2-7]+$/;
/** RFC 4226 §4 asks for ≥128-bit secrets; real exports carry 80-bit ones, so accept from 8 chars. */
const MIN_SECRET_CHARS = 8;

/**
 * A one-time-password seed as found in an export: an `otpauth://` URI (kept as is), a
 * `steam://` URI (Bitwarden/KeePassXC convention, kept), or a bare base32 secret which
 * exporters print with spaces and lower case ("jbsw y3dp ehpk 3pxp") — normalised and
 * wrapped in an otpauth URI per Google's Key Uri Format, labelled with the record title.
 */
export function normaliseTotp(raw: string | null | undefined, label: string): TotpOutcome {
  const value = (raw ?? '').trim();
  if (value === '') return { totp: null };
  if (/^otpauth:\/\//i.test(value)) {
    let uri: URL;
    try {
      uri = new URL(value);
    } catch {
      return { error: 'The one-time password is not a valid otpauth:// URI' };
    }
    const secret = (uri.searchParams.get('secret') ?? '').replace(/\s+/g, '').toUpperCase();
    if (!['totp', 'hotp'].includes(uri.hostname.toLowerCase()) || !BASE32.test(withoutPadding(secret))) {
      return { error: 'The one-time password URI has no valid base32 secret' };
    }
    return { totp: value };
  }
  if (/^steam:\/\//i.test(value)) return { totp: value };
  const secret = withoutPadding(value.replace(/[\s-]+/g, '').toUpperCase());
  if (!BASE32.test(secret) || secret.length < MIN_SECRET_CHARS) {
    return { error: 'The one-time password secret is not valid base32' };
  }
  const name = encodeURIComponent(label.trim() === '' ? 'Imported' : label.trim());
  return { totp: `otpauth://totp/${name}?secret=${secret}` };
}
