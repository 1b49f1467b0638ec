import { performance } from 'node:perf_hooks';
import { RECORD_PAGE_SIZE } from '../../main/shared/record-limits';
import { createRecordIndex } from '../../main/vault/search/record-pages';
import { normalize } from '../../main/vault/search/search-index';
import { benchRecords } from './vault-records-for-bench';
import { median, percentile, round, type VaultBenchFigure } from './vault-bench-figure';

/** What people type into the search box; each is replayed one keystroke at a time. */
const TYPED = ['github', 'alice acme', 'zurich bank', 'crédit', 'prod.salesforce', 'mallory billing', 'vpn', 'heidi', 'printer 42', 'notion team'];

/**
 * vault-search-10k / -100k: milliseconds per keystroke (median and p95) over 10,000 or 100,000
 * records — the whole answer the person waits for: what `listRecords` does (the search, the
 * sidebar's counts, the first page of the list) and the copy of that answer the transport makes
 * (`structuredClone`, as Electron IPC does) — against a naive scan (normalise every field of every
 * record and test substrings) in the same run.
 */
export async function benchVaultSearch(count = 10_000): Promise<VaultBenchFigure[]> {
  const records = benchRecords(count);
  const name = `vault-search-${count / 1000}k`;
  const buildStart = performance.now();
  const index = createRecordIndex(records);
  // The first page also builds the sidebar's per-record facets: part of the index, not of a keystroke.
  index.page({ query: '', filter: { kind: 'all' }, offset: 0, limit: 1, selectedId: null });
  const buildMs = performance.now() - buildStart;
  const keystrokes = TYPED.flatMap((text) => Array.from({ length: text.length }, (_, i) => text.slice(0, i + 1)));
  const answer = (query: string): unknown => structuredClone(index.page({ query, filter: { kind: 'all' }, offset: 0, limit: RECORD_PAGE_SIZE.default, selectedId: null }));

  const naive = (q: string): number => {
    const terms = normalize(q).split(/\s+/).filter(Boolean);
    let hits = 0;
    for (const r of records) {
      const hay = normalize([r.title, r.username, ...r.urls, r.notes].join(' '));
      if (terms.every((t) => hay.includes(t))) hits += 1;
    }
    return hits;
  };

  const time = (run: (q: string) => unknown): number[] => {
    for (const q of keystrokes.slice(0, 10)) run(q);
    return keystrokes.map((q) => {
      const start = performance.now();
      run(q);
      return performance.now() - start;
    });
  };
  const ours = [...time(answer), ...time(answer), ...time(answer)];
  const baseline = time(naive);
  const detail = { records: count, queries: keystrokes.length, pageSize: RECORD_PAGE_SIZE.default, indexBuildMs: round(buildMs, 1) };
  return [
    { name, figure: round(median(ours)), unit: 'ms median per keystroke', baseline: round(median(baseline)), baselineUnit: 'ms naive scan', detail },
    { name: `${name}-p95`, figure: round(percentile(ours, 95)), unit: 'ms p95 per keystroke', baseline: round(percentile(baseline, 95)), baselineUnit: 'ms naive scan', detail },
  ];
}
