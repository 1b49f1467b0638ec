import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseFolderPath } from '../../../main/import/folder-path';
import { nfc } from '../../../main/import/well-formed';

/** The definition: lone surrogates become U+FFFD, then Unicode NFC, for every string. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const reference = (value: string): string => value.replace(LONE_SURROGATE, '\uFFFD').normalize('NFC');

/** Text that mixes ASCII, Latin, combining marks (NFD), Hangul jamo and lone surrogates. */
const piece = fc.constantFrom('a', 'e', 'Z', ' ', '\\', '/', 'é', 'ÿ', 'ʯ', '\u0301', '\u0308', '\u0300', 'Å', '\u212b', '\u1100', '\u1161', '가', 'ﬁ', '\ud800', '\udc00', '😀', '\u0344', '\u0340');
const mixed = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));

describe('import text is made well-formed and NFC', () => {
  it('exactly as the full normalisation does, for any text', () => {
    fc.assert(fc.property(fc.oneof(mixed, fc.string({ unit: 'binary', maxLength: 20 }), fc.string({ unit: 'grapheme-composite', maxLength: 20 })), (s) => {
      expect(nfc(s)).toBe(reference(s));
    }), { numRuns: 3000 });
  });

  it('leaves every character below U+0300 as it is, alone and next to any other', () => {
    for (let cp = 0; cp < 0x300; cp += 1) {
      const c = String.fromCharCode(cp);
      expect(nfc(c)).toBe(reference(c));
      expect(nfc(`${c}A${c}`)).toBe(reference(`${c}A${c}`));
      expect(nfc(`${c}\u0301`)).toBe(reference(`${c}\u0301`));
    }
  });

  it('turns folder paths into NFC levels joined by "/", empty levels dropped', () => {
    expect(normaliseFolderPath('Work\\\\ Servers \\', '\\')).toBe('Work/Servers');
    expect(normaliseFolderPath('Cafe\u0301/a//b')).toBe('Café/a/b');
    expect(normaliseFolderPath(' / \\ ')).toBeNull();
    expect(normaliseFolderPath(null)).toBeNull();
  });
});
