import { describe, expect, it } from 'vitest';
import { hotp, totpStep } from '../../../../main/otp/hotp';
import { matchingTotpSteps } from '../../../../main/backend/two-factor/totp';

const RFC_SEED = Buffer.from('12345678901234567890', 'ascii');

describe('TOTP verification window (RFC 6238 §5.2)', () => {
  it('accepts the current code and one step either side, nothing further', () => {
    const now = 1_700_000_015_000;
    const step = totpStep(now);
    expect(matchingTotpSteps(RFC_SEED, hotp(RFC_SEED, step), now)).toEqual([step]);
    expect(matchingTotpSteps(RFC_SEED, hotp(RFC_SEED, step - 1), now)).toEqual([step - 1]);
    expect(matchingTotpSteps(RFC_SEED, hotp(RFC_SEED, step + 1), now)).toEqual([step + 1]);
    expect(matchingTotpSteps(RFC_SEED, hotp(RFC_SEED, step - 2), now)).toEqual([]);
    expect(matchingTotpSteps(RFC_SEED, hotp(RFC_SEED, step + 2), now)).toEqual([]);
  });

  it('refuses anything that is not six digits', () => {
    const now = 1_700_000_015_000;
    const code = hotp(RFC_SEED, totpStep(now));
    for (const bad of ['', `${code}0`, code.slice(0, 5), ` ${code.slice(1)}`, 'abcdef']) {
      expect(matchingTotpSteps(RFC_SEED, bad, now)).toEqual([]);
    }
  });
});
