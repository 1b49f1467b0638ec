import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSearchIndex, normalize, tokenize } from '../../../../main/vault/search/search-index';

/** The definition the index must match: every query token is a prefix of some record token. */
function reference(records: readonly { id: string; title: string; username: string; urls: string[]; notes: string }[], q: string, limit?: number): string[] {
  const terms = [...new Set(tokenize(q))];
  const byTitle = [...records].sort((a, b) => {
    const x = normalize(a.title);
    const y = normalize(b.title);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  if (terms.length === 0) return byTitle.slice(0, limit).map((r) => r.id);
  const has = (tokens: string[]) => terms.every((t) => tokens.some((token) => token.startsWith(t)));
  const matching = byTitle.filter((r) => has([r.title, r.username, ...r.urls, r.notes].flatMap(tokenize)));
  const first = matching.filter((r) => has(tokenize(r.title)));
  const second = matching.filter((r) => !has(tokenize(r.title)));
  return [...first, ...second].slice(0, limit).map((r) => r.id);
}

const word = fc.constantFrom('alice', 'al', 'acme', 'bob', 'bank', 'café', 'cafe', 'zürich', 'z', 'github', 'git', '42', '4242', 'vpn', 'Ünïcödé', 'mail');
const text = fc.array(word, { maxLength: 4 }).map((w) => w.join(' '));

describe('the search index answers exactly what a plain scan answers', () => {
  it('for random records, queries (first keystrokes included) and limits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ title: text, username: text, urls: fc.array(text, { maxLength: 2 }), notes: text }), { maxLength: 30 }),
        fc.array(fc.oneof(word, word.map((w) => w.slice(0, 1)), text), { minLength: 1, maxLength: 5 }),
        fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined }),
        (drafts, queries, limit) => {
          const records = drafts.map((d, i) => ({ id: `r${i}`, ...d }));
          const index = createSearchIndex(records);
          for (const q of queries) {
            const got = index.query(q, limit === undefined ? {} : { limit }).map((r) => r.id);
            expect(got).toEqual(reference(records, q, limit));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
