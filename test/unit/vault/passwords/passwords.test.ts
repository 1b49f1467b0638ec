import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../../main/policy/enforcement-policy';
import { checkMasterPassword } from '../../../../main/vault/passwords/master-password-rules';
import { generatePassword } from '../../../../main/vault/passwords/password-generator';
import { estimateStrength } from '../../../../main/vault/passwords/password-strength';

const gen = DEFAULT_POLICY.passwordGenerator;

describe('generatePassword', () => {
  it('has the requested length and at least one character of every enabled class, every time', () => {
    for (let i = 0; i < 500; i += 1) {
      const pw = generatePassword({ ...gen, length: 8 });
      expect([...pw]).toHaveLength(8);
      expect(pw).toMatch(/[A-Z]/);
      expect(pw).toMatch(/[a-z]/);
      expect(pw).toMatch(/[0-9]/);
      expect(pw).toMatch(/[^A-Za-z0-9]/);
    }
  });

  it('uses only enabled classes and avoids ambiguous characters when asked', () => {
    const all = Array.from({ length: 300 }, () => generatePassword({ ...gen, length: 32, symbols: false, avoidAmbiguous: true })).join('');
    expect(all).toMatch(/^[A-Za-z0-9]+$/);
    expect(all).not.toMatch(/[Il1O0o]/);
  });

  it('is not predictable: 1000 passwords are all different and characters spread evenly', () => {
    const pws = Array.from({ length: 1000 }, () => generatePassword({ ...gen, length: 20, upper: false, symbols: false, digits: true, lower: false }));
    expect(new Set(pws).size).toBe(1000);
    const counts = new Map<string, number>();
    for (const c of pws.join('')) counts.set(c, (counts.get(c) ?? 0) + 1);
    for (const n of counts.values()) expect(Math.abs(n - 2000)).toBeLessThan(300);
  });

  it('refuses rules it cannot satisfy', () => {
    expect(() => generatePassword({ ...gen, upper: false, lower: false, digits: false, symbols: false })).toThrow(/at least one/);
  });
});

describe('checkMasterPassword', () => {
  const rules = { minLength: 12, upper: 1, lower: 1, digits: 2, symbols: 1 };

  it('lists every unmet rule in words', () => {
    expect(checkMasterPassword('abc', rules)).toEqual([
      { rule: 'minLength', message: 'Use at least 12 characters' },
      { rule: 'upper', message: 'Use at least 1 upper-case letter' },
      { rule: 'digits', message: 'Use at least 2 digits' },
      { rule: 'symbols', message: 'Use at least 1 symbol (anything that is not a letter or digit)' },
    ]);
  });

  it('accepts a password meeting every rule, counting non-ASCII letters by their case', () => {
    expect(checkMasterPassword('Élan vital 42', rules)).toEqual([]);
    expect(checkMasterPassword('élan vital 42', rules).map((u) => u.rule)).toEqual(['upper']);
  });
});

describe('estimateStrength', () => {
  it('calls top passwords and their decorated forms very weak or weak', () => {
    for (const pw of ['password', 'Password1', 'P@ssw0rd!', 'qwerty123', 'letmein2024', 'aaaaaaaaaaaa', '123456789012']) {
      expect(estimateStrength(pw).score, pw).toBeLessThanOrEqual(1);
    }
  });

  it('rates long random passwords and passphrases strong', () => {
    expect(estimateStrength('xK#9vQ!2mZ$7wL@4rT').score).toBe(4);
    expect(estimateStrength('tangerine-OSPREY-candle-88-fjord').score).toBeGreaterThanOrEqual(3);
  });

  it('grows with length and variety and labels the score', () => {
    const scores = ['kq7', 'kq7Vx2', 'kq7Vx2#pL9', 'kq7Vx2#pL9wZ!m4R'].map((pw) => estimateStrength(pw).score);
    expect(scores).toEqual([...scores].sort());
    expect(estimateStrength('').label).toBe('Very weak');
    expect(estimateStrength('password').warnings).toContain('Avoid common words and passwords');
  });
});
