import type { MasterPasswordRules } from '../../policy/enforcement-policy';

export type MasterPasswordRule = keyof MasterPasswordRules;

export interface UnmetRule {
  readonly rule: MasterPasswordRule;
  /** Human text for the form, e.g. "Use at least 2 digits". */
  readonly message: string;
}

/** Counts by Unicode category so "É" is an upper-case letter and "٣" a digit. */
export function checkMasterPassword(password: string, rules: MasterPasswordRules): UnmetRule[] {
  const chars = [...password];
  const count = (pattern: RegExp): number => chars.filter((c) => pattern.test(c)).length;
  const counts: Record<MasterPasswordRule, number> = {
    minLength: chars.length,
    upper: count(/\p{Lu}/u),
    lower: count(/\p{Ll}/u),
    digits: count(/\p{Nd}/u),
    symbols: count(/[^\p{L}\p{Nd}]/u),
  };
  const unmet: UnmetRule[] = [];
  for (const rule of ['minLength', 'upper', 'lower', 'digits', 'symbols'] as const) {
    const needed = rules[rule];
    if (counts[rule] < needed) unmet.push({ rule, message: describe(rule, needed) });
  }
  return unmet;
}

function describe(rule: MasterPasswordRule, n: number): string {
  const plural = (one: string, many: string): string => (n === 1 ? one : many);
  switch (rule) {
    case 'minLength':
      return `Use at least ${n} ${plural('character', 'characters')}`;
    case 'upper':
      return `Use at least ${n} upper-case ${plural('letter', 'letters')}`;
    case 'lower':
      return `Use at least ${n} lower-case ${plural('letter', 'letters')}`;
    case 'digits':
      return `Use at least ${n} ${plural('digit', 'digits')}`;
    case 'symbols':
      return `Use at least ${n} ${plural('symbol', 'symbols')} (anything that is not a letter or digit)`;
  }
}
