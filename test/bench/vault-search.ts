import { performance } from 'node:perf_hooks';
import { createSearchIndex, normalize } from '../../main/vault/search/search-index';
import { benchRecords } from './vault-records-for-bench';
import { median, percentile, round, type VaultBenchFigure } from './vault-bench-figure';

/** What people type into the search box; each is replayed one keystroke at a time. */
const TYPED = ['github', 'alice acme', 'zurich bank', 'crédit', 'prod.salesforce', 'mallory billing', 'vpn', 'heidi', 'printer 42', 'notion team'];

/**
 * vault-search-10k / -100k: milliseconds per keystroke query (median and p95) over 10,000 or
 * 100,000 records, against a naive scan (normalise every field of every record and test
 * substrings) in the same run.
 */
export async function benchVaultSearch(count = 10_000): Promise<VaultBenchFigure[]> {
  const records = benchRecords(count);
  const name = `vault-search-${count / 1000}k`;
  const buildStart = performance.now();
  const index = createSearchIndex(records);
  const buildMs = performance.now() - buildStart;
  const keystrokes = TYPED.flatMap((text) => Array.from({ length: text.length }, (_, i) => text.slice(0, i + 1)));

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
  const ours = [...time((q) => index.query(q)), ...time((q) => index.query(q)), ...time((q) => index.query(q))];
  const baseline = time(naive);
  const detail = { records: count, queries: keystrokes.length, indexBuildMs: round(buildMs, 1) };
  return [
    { name, figure: round(median(ours)), unit: 'ms median per keystroke', baseline: round(median(baseline)), baselineUnit: 'ms naive scan', detail },
    { name: `${name}-p95`, figure: round(percentile(ours, 95)), unit: 'ms p95 per keystroke', baseline: round(percentile(baseline, 95)), baselineUnit: 'ms naive scan', detail },
  ];
}
