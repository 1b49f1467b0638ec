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
  /**
   * The same answer as bitsets over `ordered`, with nothing allocated per match (for an answer
   * read a page at a time); null when nothing matches. Valid until the next `query` or `match`.
   */
  match(q: string): MatchSet | null;
  /** Every record, in display order (by normalised title). */
  readonly ordered: readonly T[];
  readonly size: number;
}

/**
 * `all[i] === 1` where `ordered[i]` matches (null: every record does); `title[i] === 1` where its
 * title alone matches too, ranked first (null: no record's title does, or the query is empty).
 */
export interface MatchSet {
  readonly all: Uint8Array | null;
  readonly title: Uint8Array | null;
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
  const everywhere = dictionary(postings, ordered.length);
  const inTitles = dictionary(titlePostings, ordered.length);
  // Scratch bitsets reused by every query (queries are synchronous): a query over 100,000
  // records allocates nothing in proportion to the vault but its result.
  const scratch = { all: new Uint8Array(ordered.length), title: new Uint8Array(ordered.length), hits: new Uint8Array(ordered.length) };

  function match(q: string): MatchSet | null {
    const terms = [...new Set(tokenize(q))];
    if (terms.length === 0) return { all: null, title: null };
    if (!intersect(terms, everywhere, scratch.all, scratch.hits)) return null;
    const inTitle = intersect(terms, inTitles, scratch.title, scratch.hits);
    return { all: scratch.all, title: inTitle ? scratch.title : null };
  }

  return {
    size: ordered.length,
    ordered,
    match,
    query(q, options = {}) {
      const limit = options.limit ?? Number.POSITIVE_INFINITY;
      const found = match(q);
      if (found === null) return [];
      if (found.all === null) return ordered.slice(0, limit);
      return rank(ordered, found.all, found.title, limit);
    },
  };
}

/**
 * The records set in `all`, those set in `title` first, each group in display (title) order, at
 * most `limit`. Counted first so the answer is one array of its final size, filled in one pass.
 */
function rank<T>(ordered: readonly T[], all: Uint8Array, title: Uint8Array | null, limit: number): T[] {
  let matches = 0;
  let titleMatches = 0;
  for (let i = 0; i < all.length; i += 1) {
    matches += all[i] as number;
    if (title !== null) titleMatches += (all[i] as number) & (title[i] as number);
  }
  const size = Math.min(matches, limit);
  const out = new Array<T>(size);
  let first = 0;
  let second = titleMatches;
  for (let i = 0; i < all.length && (first < Math.min(titleMatches, size) || second < size); i += 1) {
    if (all[i] !== 1) continue;
    if (title !== null && title[i] === 1) {
      if (first < size) out[first] = ordered[i] as T;
      first += 1;
    } else {
      if (second < size) out[second] = ordered[i] as T;
      second += 1;
    }
  }
  return out;
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

/**
 * The sorted tokens, each token's postings (record indexes, ascending) and, per first
 * character, the records having a token that starts with it: the first keystroke of a query
 * matches the most tokens, so its answer is precomputed.
 */
interface Dictionary {
  readonly tokens: readonly string[];
  readonly postings: ReadonlyMap<string, Int32Array>;
  readonly initials: ReadonlyMap<string, Uint8Array>;
}

function dictionary(lists: Map<string, number[]>, size: number): Dictionary {
  const postings = new Map<string, Int32Array>();
  const initials = new Map<string, Uint8Array>();
  for (const [token, list] of lists) {
    const compact = Int32Array.from(list);
    postings.set(token, compact);
    const initial = String.fromCodePoint(token.codePointAt(0) as number);
    let set = initials.get(initial);
    if (set === undefined) initials.set(initial, (set = new Uint8Array(size)));
    for (let i = 0; i < compact.length; i += 1) set[compact[i] as number] = 1;
  }
  return { tokens: [...postings.keys()].sort(), postings, initials };
}

/**
 * Sets `result` to 1 where a record matches every term by prefix; false (and `result` left
 * undefined) when some term matches nothing. `hits` is scratch space of the same size.
 */
function intersect(terms: readonly string[], dict: Dictionary, result: Uint8Array, hits: Uint8Array): boolean {
  for (let n = 0; n < terms.length; n += 1) {
    const term = terms[n] as string;
    const target = n === 0 ? result : hits;
    const initial = [...term].length === 1 ? dict.initials.get(term) : undefined;
    if (initial !== undefined) {
      target.set(initial);
    } else {
      target.fill(0);
      let any = false;
      for (let t = lowerBound(dict.tokens, term); t < dict.tokens.length && (dict.tokens[t] as string).startsWith(term); t += 1) {
        const list = dict.postings.get(dict.tokens[t] as string) as Int32Array;
        for (let i = 0; i < list.length; i += 1) target[list[i] as number] = 1;
        any = true;
      }
      if (!any) return false;
    }
    if (n > 0) for (let i = 0; i < result.length; i += 1) result[i] = (result[i] as number) & (hits[i] as number);
  }
  return true;
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
