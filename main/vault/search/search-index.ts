/**
 * In-memory search over the unlocked vault: title, username, URLs, notes and the values of
 * fields that are not hidden (a card's holder, an identity's name — never a card number); case- and
 * accent-insensitive; every query token must be a prefix of some token of the record (AND).
 * Built once per vault change, queried on every keystroke: a sorted token dictionary makes each
 * query token a binary search plus a walk over the matching postings, so a query costs
 * O(log tokens + matching postings + records) with no per-record string work.
 */
// eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL on purpose
const ASCII = /^[\x00-\x7f]*$/;

export interface SearchableRecord {
  readonly id: string;
  readonly title: string;
  readonly username: string;
  readonly urls: readonly string[];
  readonly notes: string;
  readonly fields?: readonly { readonly value: string; readonly hidden: boolean }[];
}

export interface SearchIndex<T extends SearchableRecord> {
  /** Matches in rank order: records whose title matches every token first, then by title. */
  query(q: string, options?: { limit?: number }): T[];
  readonly size: number;
}

export function createSearchIndex<T extends SearchableRecord>(records: readonly T[]): SearchIndex<T> {
  // Records in display order (by normalised title) so results need no sort per query.
  const keyed = records.map((record) => ({ record, key: normalize(record.title) }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const ordered = keyed.map((k) => k.record);

  const postings = new Map<string, number[]>();
  const titlePostings = new Map<string, number[]>();
  ordered.forEach((record, index) => {
    for (const token of tokenize(record.title)) {
      push(postings, token, index);
      push(titlePostings, token, index);
    }
    for (const field of [record.username, ...record.urls, record.notes]) {
      for (const token of tokenize(field)) push(postings, token, index);
    }
    for (const field of record.fields ?? []) {
      if (field.hidden) continue;
      for (const token of tokenize(field.value)) push(postings, token, index);
    }
  });
  const tokens = [...postings.keys()].sort();
  const titleTokens = [...titlePostings.keys()].sort();

  return {
    size: ordered.length,
    query(q, options = {}) {
      const limit = options.limit ?? Number.POSITIVE_INFINITY;
      const terms = [...new Set(tokenize(q))];
      if (terms.length === 0) return ordered.slice(0, limit);
      const all = intersect(terms, tokens, postings, ordered.length);
      if (all === null) return [];
      const inTitle = intersect(terms, titleTokens, titlePostings, ordered.length);
      const first: T[] = [];
      const second: T[] = [];
      for (let i = 0; i < ordered.length && first.length < limit; i += 1) {
        if (all[i] === 0) continue;
        (inTitle !== null && inTitle[i] === 1 ? first : second).push(ordered[i] as T);
      }
      return [...first, ...second].slice(0, limit);
    },
  };
}

/** Lower case, diacritics removed (NFD + strip combining marks), so "Café" matches "cafe". */
export function normalize(text: string): string {
  // Most vault text is ASCII; skip the Unicode passes for it (index build is on the unlock path).
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function tokenize(text: string): string[] {
  if (text.length === 0) return [];
  const normalized = normalize(text);
  return normalized.split(ASCII.test(normalized) ? /[^a-z0-9]+/ : /[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}


/** Records are visited in index order, so a repeat of the last index is a duplicate token. */
function push(map: Map<string, number[]>, token: string, index: number): void {
  const list = map.get(token);
  if (list === undefined) map.set(token, [index]);
  else if (list[list.length - 1] !== index) list.push(index);
}

/** 1 where a record matches every term by prefix; null when some term matches nothing. */
function intersect(terms: readonly string[], tokens: readonly string[], postings: Map<string, number[]>, size: number): Uint8Array | null {
  let result: Uint8Array | null = null;
  for (const term of terms) {
    const hits = new Uint8Array(size);
    let any = false;
    for (let t = lowerBound(tokens, term); t < tokens.length && (tokens[t] as string).startsWith(term); t += 1) {
      for (const index of postings.get(tokens[t] as string) ?? []) hits[index] = 1;
      any = true;
    }
    if (!any) return null;
    if (result === null) result = hits;
    else for (let i = 0; i < size; i += 1) result[i] = (result[i] as number) & (hits[i] as number);
  }
  return result;
}

function lowerBound(sorted: readonly string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as string) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
