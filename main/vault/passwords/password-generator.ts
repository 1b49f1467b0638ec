import { randomInt } from 'node:crypto';
import { AppError } from '../../errors/app-error';
import type { GeneratorRules } from '../../policy/enforcement-policy';

const CLASSES = {
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  digits: '0123456789',
  symbols: '!#$%&()*+,-./:;<=>?@[]^_{}~',
} as const;

/** Characters people misread or mistype when a password is read aloud or copied by hand. */
const AMBIGUOUS = new Set('Il1|O0oB8S5Z2G6`\'"');

type ClassName = keyof typeof CLASSES;

/**
 * A random password under the role's generator rules. Every enabled class appears at least once
 * (sites that demand "one digit" accept it); the rest is drawn uniformly from the union with
 * crypto.randomInt, which is unbiased, then shuffled so the guaranteed characters have no
 * fixed position.
 */
export function generatePassword(rules: GeneratorRules): string {
  const enabled = (Object.keys(CLASSES) as ClassName[]).filter((name) => rules[name]);
  if (enabled.length === 0) throw new AppError('bad_request', 'The password generator needs at least one character class.');
  if (rules.length < enabled.length) {
    throw new AppError('bad_request', `A ${rules.length}-character password cannot hold all ${enabled.length} character classes.`);
  }
  const pools = enabled.map((name) => [...CLASSES[name]].filter((c) => !rules.avoidAmbiguous || !AMBIGUOUS.has(c)));
  const all = pools.flat();
  const chars = pools.map((pool) => pick(pool));
  while (chars.length < rules.length) chars.push(pick(all));
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

function pick(pool: readonly string[]): string {
  return pool[randomInt(pool.length)] as string;
}
