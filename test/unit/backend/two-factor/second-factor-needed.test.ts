import { describe, expect, it } from 'vitest';
import { secondFactorNeeded } from '../../../../main/backend/two-factor/second-factor-needed';
import { resolvePolicy } from '../../../../main/policy/enforcement-policy';

const required = resolvePolicy({ requireTwoFactor: true, twoFactorMethods: ['totp', 'webauthn'] });
const optional = resolvePolicy({ requireTwoFactor: false });

describe('secondFactorNeeded', () => {
  it('asks for a proof with the enrolled, allowed methods', () => {
    expect(secondFactorNeeded({ policy: required, enrolledMethods: ['webauthn', 'backup_codes'], deviceRemembered: false })).toEqual({
      kind: 'verify',
      methods: ['webauthn'],
    });
  });

  it('lets a remembered device through when a method is enrolled', () => {
    expect(secondFactorNeeded({ policy: required, enrolledMethods: ['totp'], deviceRemembered: true })).toEqual({ kind: 'not_needed' });
  });

  it('requires enrolment when two-factor is required and nothing allowed is enrolled, remembered device or not', () => {
    for (const deviceRemembered of [false, true]) {
      expect(secondFactorNeeded({ policy: required, enrolledMethods: ['backup_codes'], deviceRemembered })).toEqual({
        kind: 'enrol',
        methods: ['totp', 'webauthn'],
      });
    }
  });

  it('still asks users who enrolled voluntarily for their factor', () => {
    expect(secondFactorNeeded({ policy: optional, enrolledMethods: ['totp'], deviceRemembered: false }).kind).toBe('verify');
  });

  it('needs nothing when two-factor is optional and nothing is enrolled', () => {
    expect(secondFactorNeeded({ policy: optional, enrolledMethods: [], deviceRemembered: false })).toEqual({ kind: 'not_needed' });
  });
});
