import { COMMON_PASSWORD_WORDS } from './common-passwords';

export type StrengthScore = 0 | 1 | 2 | 3 | 4;

export interface StrengthEstimate {
  readonly score: StrengthScore;
  readonly label: 'Very weak' | 'Weak' | 'Fair' | 'Strong' | 'Very strong';
  /** Estimated guessing entropy after pattern penalties. */
  readonly bits: number;
  /** Short hints for the meter, e.g. "Avoid common words". */
  readonly warnings: readonly string[];
}

const LABELS = ['Very weak', 'Weak', 'Fair', 'Strong', 'Very strong'] as const;
const LEET: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };
const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', '1234567890', 'azertyuiop', 'qwertzuiop'];
const WORDS = new Set(COMMON_PASSWORD_WORDS);
const LONGEST_WORD = Math.max(...COMMON_PASSWORD_WORDS.map((w) => w.length));
/** A guess from a list of ~10^3 words, with capitalisation/leet variants: ~10 bits. */
const WORD_BITS = 10;

/**
 * A deliberately simple estimate (no large dependency): characters cost log2(pool) bits, except
 * that common words, repeats, sequences, keyboard runs and years cost only what an attacker's
 * rule-based guesser pays for them. Thresholds follow zxcvbn's guess bands roughly
 * (10^3 / 10^6 / 10^8 / 10^10 guesses ≈ 10 / 20 / 27 / 33 bits, scaled for offline attacks).
 */
export function estimateStrength(password: string): StrengthEstimate {
  const chars = [...password];
  if (chars.length === 0) return result(0, []);
  const pool = poolSize(password);
  const charBits = Math.log2(pool);
  const normalized = chars.map((c) => LEET[c] ?? c.toLowerCase()).join('');
  const warnings = new Set<string>();
  let bits = 0;
  let i = 0;
  while (i < chars.length) {
    const word = longestWordAt(normalized, i);
    if (word > 0) {
      bits += WORD_BITS;
      warnings.add('Avoid common words and passwords');
      i += word;
      continue;
    }
    const run = runLength(chars, i);
    if (run >= 3) {
      bits += charBits + Math.log2(run);
      warnings.add('Avoid repeated characters');
      i += run;
      continue;
    }
    const sequence = sequenceLength(normalized, i);
    if (sequence >= 3) {
      bits += charBits + Math.log2(sequence) + 1;
      warnings.add('Avoid sequences like "abc", "123" or keyboard rows');
      i += sequence;
      continue;
    }
    if (/^(19|20)\d\d/.test(normalized.slice(i, i + 4))) {
      bits += 7;
      warnings.add('Avoid years and dates');
      i += 4;
      continue;
    }
    bits += charBits;
    i += 1;
  }
  if (WORDS.has(normalized.replace(/[^a-z]/g, ''))) bits = Math.min(bits, 12);
  return result(bits, [...warnings]);
}

function result(bits: number, warnings: string[]): StrengthEstimate {
  const score: StrengthScore = bits < 28 ? 0 : bits < 45 ? 1 : bits < 60 ? 2 : bits < 80 ? 3 : 4;
  return { score, label: LABELS[score], bits: Math.round(bits * 10) / 10, warnings };
}

function poolSize(password: string): number {
  let pool = 0;
  if (/[a-z]/.test(password)) pool += 26;
  if (/[A-Z]/.test(password)) pool += 26;
  if (/[0-9]/.test(password)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(password)) pool += 33;
  return Math.max(pool, 2);
}

function longestWordAt(text: string, start: number): number {
  for (let length = Math.min(LONGEST_WORD, text.length - start); length >= 3; length -= 1) {
    if (WORDS.has(text.slice(start, start + length))) return length;
  }
  return 0;
}

function runLength(chars: readonly string[], start: number): number {
  let end = start + 1;
  while (end < chars.length && chars[end] === chars[start]) end += 1;
  return end - start;
}

function sequenceLength(text: string, start: number): number {
  let best = 1;
  for (const step of [1, -1]) {
    let end = start + 1;
    while (end < text.length && text.charCodeAt(end) - text.charCodeAt(end - 1) === step) end += 1;
    best = Math.max(best, end - start);
  }
  for (const row of KEYBOARD_ROWS) {
    let length = 0;
    while (start + length < text.length && row.includes(text.slice(start, start + length + 1))) length += 1;
    best = Math.max(best, length);
  }
  return best;
}
