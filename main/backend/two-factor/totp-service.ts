import QRCode from 'qrcode';
import { AppError } from '../../errors/app-error';
import { encodeBase32 } from '../../otp/base32';
import { openSecret, sealSecret } from './secret-box';
import { TOTP_DIGITS, TOTP_PERIOD_SECONDS, matchingTotpSteps } from './totp';
import { guardedProof, wrongProof, type TwoFactorContext } from './two-factor-context';

export interface TotpEnrolment {
  /** base32, for typing into an authenticator app by hand. */
  readonly secret: string;
  readonly otpauthUri: string;
  readonly qrSvg: string;
}

export const TOTP_ISSUER = 'Keyhaven';
/** RFC 4226 §4 R6 asks for 160 bits of shared secret. */
const SECRET_BYTES = 20;

/** Binds each sealed seed to its owner: a row moved to another user fails to open. */
const associatedData = (userId: string) => `keyhaven:totp:${userId}`;

/** A seed sealed under another key is the operator's problem (a changed KEYHAVEN_SECRET_KEY), never a wrong code. */
function openSeed(ctx: TwoFactorContext, sealed: string, userId: string): Buffer {
  try {
    return openSecret(ctx.keys.totpSealing, sealed, associatedData(userId));
  } catch (cause) {
    throw new AppError('config_invalid', 'The authenticator secret cannot be opened with this server’s KEYHAVEN_SECRET_KEY.', { cause });
  }
}

/** Google Key Uri Format; '@' stays literal (it is a valid path character) so apps show the email. */
export function otpauthUri(secret: string, accountLabel: string): string {
  const label = `${encodeURIComponent(TOTP_ISSUER)}:${encodeURIComponent(accountLabel).replace(/%40/g, '@')}`;
  const query = new URLSearchParams({
    secret,
    issuer: TOTP_ISSUER,
    algorithm: 'SHA1',
    digits: String(TOTP_DIGITS),
    period: String(TOTP_PERIOD_SECONDS),
  });
  return `otpauth://totp/${label}?${query.toString()}`;
}

/**
 * The secret is made here, on the backend, and kept sealed as a pending enrolment until the
 * user proves (with a code) that their app holds it; only then does it replace any earlier
 * secret, so an abandoned set-up never locks anyone out.
 */
export async function beginTotpEnrolment(ctx: TwoFactorContext, userId: string, accountLabel: string): Promise<TotpEnrolment> {
  const now = ctx.clock();
  const secret = ctx.random(SECRET_BYTES);
  await ctx.repository.putChallenge(
    {
      userId,
      purpose: 'totp_enrolment',
      challenge: ctx.random(16).toString('base64url'),
      rpId: null,
      origin: null,
      payload: sealSecret(ctx.keys.totpSealing, secret, associatedData(userId), ctx.random(12)),
      expiresAt: new Date(now.getTime() + ctx.limits.totpEnrolmentTtlMs),
    },
    now,
  );
  const base32 = encodeBase32(secret);
  const uri = otpauthUri(base32, accountLabel);
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret: base32, otpauthUri: uri, qrSvg };
}

/** Completes enrolment with a code from the new secret; that code's time step counts as used. */
export async function confirmTotp(ctx: TwoFactorContext, userId: string, code: string): Promise<void> {
  await guardedProof(ctx, userId, async () => {
    const now = ctx.clock();
    const pending = await ctx.repository.findChallenge(userId, 'totp_enrolment');
    if (pending === undefined || pending.payload === null || pending.expiresAt <= now) {
      throw new AppError('challenge_expired', 'The authenticator set-up has expired. Start it again.');
    }
    const secret = openSeed(ctx, pending.payload, userId);
    const [step] = matchingTotpSteps(secret, code.trim(), now.getTime());
    if (step === undefined) throw wrongProof('That code is not right. Check the time on your phone and try again.');
    // Single use of the pending enrolment: of two concurrent confirmations only one proceeds.
    const taken = await ctx.repository.takeChallenge(userId, 'totp_enrolment', pending.challenge);
    if (taken === undefined) throw new AppError('challenge_expired', 'The authenticator set-up has already been completed or restarted.');
    await ctx.repository.saveConfirmedTotp(userId, pending.payload, step, now);
  });
}

/**
 * RFC 6238 §5.2: ±1 step, and a code is accepted at most once — the accepted time step is
 * stored and only a later step can succeed after it, whichever path (confirm or verify) used it.
 */
export async function verifyTotp(ctx: TwoFactorContext, userId: string, code: string): Promise<void> {
  await guardedProof(ctx, userId, async () => {
    const stored = await ctx.repository.getTotp(userId);
    if (stored === undefined) throw new AppError('invalid_two_factor_code', 'No authenticator app is set up for this account.');
    const secret = openSeed(ctx, stored.secretCiphertext, userId);
    const last = stored.lastUsedStep;
    const [step] = matchingTotpSteps(secret, code.trim(), ctx.clock().getTime()).filter((s) => last === null || s > last);
    if (step === undefined || !(await ctx.repository.useTotpStep(userId, step))) {
      throw wrongProof('That code is not right, or it has already been used. Wait for the next code.');
    }
  });
}
