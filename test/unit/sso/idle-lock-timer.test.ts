import { describe, expect, it } from 'vitest';
import { policySchema } from '../../../main/policy/enforcement-policy';
import { idleCheckEveryMs } from '../../../main/sso/active-session';

describe('the idle lock timer', () => {
  it('accepts a logout timer in fractions of a minute, and refuses a negative one', () => {
    expect(policySchema.parse({ logoutTimerMinutes: 0.5 }).logoutTimerMinutes).toBe(0.5);
    expect(policySchema.safeParse({ logoutTimerMinutes: -1 }).success).toBe(false);
  });

  it('is checked every 15 s, or four times within a shorter timer (never more than once a second)', () => {
    expect(idleCheckEveryMs(60)).toBe(15_000);
    expect(idleCheckEveryMs(1)).toBe(15_000);
    expect(idleCheckEveryMs(0.5)).toBe(7_500);
    expect(idleCheckEveryMs(0.01)).toBe(1_000);
    expect(idleCheckEveryMs(0)).toBe(15_000);
  });
});
