import { describe, expect, it } from 'vitest';
import { createImportJob, importIdOf, recordIdOf, type ImportBatch } from '../../../main/import/import-job';
import type { ParseResult } from '../../../main/import/imported-record';
import { vaultFields } from '../../../main/import/import-service';
import { previewImport } from '../../../main/import/preview-import';
import { prepareRecord } from '../../../main/vault/prepare-record';
import { rec } from './expected-record';
import { fixture, parseAs } from './fixture-input';

describe('previewImport', () => {
  it('counts types, folders, totp and problems', async () => {
    const r = await parseAs('lastpass', fixture('malformed/lastpass-bad-rows.csv'));
    const p = previewImport(await parseAs('bitwarden-json', fixture('bitwarden-json.json')), []);
    expect(p).toMatchObject({ logins: 1, notes: 1, cards: 1, identities: 1, folders: 2, totp: 1, duplicates: 0, problems: 1 });
    // 2 errors, 1 skipped, 1 imported row whose TOTP was dropped.
    expect(previewImport(r, []).problems).toBe(4);
  });

  it('finds duplicates by URL host + username, ignoring www. and case', async () => {
    const r = await parseAs('chrome', fixture('chrome.csv'));
    const p = previewImport(r, [{ title: 'whatever', username: 'ALICE', urls: ['https://www.example.com/other'] }]);
    expect(p.duplicates).toBe(1);
    expect(p.duplicateRecords[0]).toMatchObject({ matches: 'vault', record: { line: 2 } });
  });

  it('finds duplicates by title + username when there is no URL, including within the file', () => {
    const result: ParseResult = {
      format: 'x', folders: [], errors: [], skipped: [], errorCount: 0, skippedCount: 0, warnings: [], warningCount: 0, rows: 3,
      records: [
        rec({ line: 1, title: 'Alarm', username: 'me', password: 'a' }),
        rec({ line: 2, title: 'alarm ', username: 'me', password: 'b' }),
        rec({ line: 3, title: 'Other', username: 'me', password: 'c' }),
      ],
    };
    const p = previewImport(result, [{ title: 'OTHER', username: 'Me', urls: [] }]);
    expect(p.duplicateRecords.map((d) => [d.record.line, d.matches])).toEqual([[2, 'file'], [3, 'vault']]);
  });
});

function manyRecords(n: number): ParseResult {
  const records = Array.from({ length: n }, (_, i) => rec({ line: i + 2, title: `t${i}`, password: 'p' }));
  return { format: 'x', records, folders: [], errors: [], skipped: [], errorCount: 0, skippedCount: 0, warnings: [], warningCount: 0, rows: n };
}

async function collect(gen: AsyncGenerator<ImportBatch>): Promise<ImportBatch[]> {
  const out: ImportBatch[] = [];
  for await (const b of gen) out.push(b);
  return out;
}

describe('createImportJob', () => {
  it('yields batches with a stable import id, indexes and progress', async () => {
    const progress: number[] = [];
    const batches = await collect(createImportJob(manyRecords(25), { batchSize: 10, onProgress: (p) => progress.push(p.done) }));
    expect(batches.map((b) => [b.index, b.total, b.records.length])).toEqual([[0, 3, 10], [1, 3, 10], [2, 3, 5]]);
    expect(new Set(batches.map((b) => b.importId)).size).toBe(1);
    expect(progress).toEqual([10, 20, 25]);
  });

  it('gives the same ids on a re-run, so a resumed import never duplicates', async () => {
    const first = await collect(createImportJob(manyRecords(25), { batchSize: 10 }));
    const resumed = await collect(createImportJob(manyRecords(25), { batchSize: 10, fromBatch: 1 }));
    expect(resumed.map((b) => b.index)).toEqual([1, 2]);
    expect(resumed.flatMap((b) => b.records.map((r) => r.id))).toEqual(first.slice(1).flatMap((b) => b.records.map((r) => r.id)));
    const ids = first.flatMap((b) => b.records.map((r) => r.id));
    expect(new Set(ids).size).toBe(25);
  });

  it('keeps the record ids of earlier versions (sha256 of "<import id>:<line>", 32 hex digits), so an import resumed after an upgrade overwrites what it stored', () => {
    expect(recordIdOf('import-1', 42)).toBe('e208c99ae9260c67c950e4c8a017272b');
  });

  it('keeps the import id of earlier versions for a file larger than one hashing chunk (the digest does not depend on how the text is fed to it)', () => {
    const records = Array.from({ length: 3000 }, (_, i) =>
      rec({
        line: i + 2,
        title: `Site ${i} Café`,
        username: `user${i}@example.com`,
        password: `p@ss,${i}`,
        urls: [`https://site${i}.example.com/`],
        fields: i % 3 === 0 ? [{ name: 'PIN', value: String(i), hidden: true }] : [],
      }),
    );
    const result: ParseResult = { format: 'lastpass', records, folders: [], errors: [], skipped: [], errorCount: 0, skippedCount: 0, warnings: [], warningCount: 0, rows: 3000 };
    expect(importIdOf(result)).toBe('8fce46576cca220bb38255941aae8528');
  });

  it('gives a different import id for different content', () => {
    expect(importIdOf(manyRecords(3))).not.toBe(importIdOf(manyRecords(4)));
  });

  it('stops between batches when the signal aborts', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    const run = (async () => {
      for await (const b of createImportJob(manyRecords(50), { batchSize: 10, signal: controller.signal })) {
        seen.push(b.index);
        if (b.index === 1) controller.abort();
      }
    })();
    await expect(run).rejects.toThrow();
    expect(seen).toEqual([0, 1]);
  });

  it('keeps record ids unique when lines repeat (Dashlane zips number lines per CSV)', async () => {
    const r = await parseAs('dashlane', fixture('dashlane.zip'));
    const ids = (await collect(createImportJob(r))).flatMap((b) => b.records.map((x) => x.id));
    expect(new Set(ids).size).toBe(r.records.length);
  });

  it('files records under their own line whenever no line repeats, in file order or not; a repeated line mixes in the position', async () => {
    const parsed = (lines: number[]): ParseResult => ({ ...manyRecords(lines.length), records: lines.map((line) => rec({ line, title: `Line ${line}` })) });
    const idsOf = async (r: ParseResult) => (await collect(createImportJob(r, { importId: 'imp' }))).flatMap((b) => b.records.map((x) => x.id));
    expect(await idsOf(parsed([2, 3, 7]))).toEqual([2, 3, 7].map((line) => recordIdOf('imp', line)));
    expect(await idsOf(parsed([9, 3, 5]))).toEqual([9, 3, 5].map((line) => recordIdOf('imp', line)));
    expect(await idsOf(parsed([4, 4, 6]))).toEqual([recordIdOf('imp', 1e6 + 4), recordIdOf('imp', 2e6 + 4), recordIdOf('imp', 3e6 + 6)]);
  });
});

describe('vaultFields', () => {
  it('hands the vault every field but the line, and the vault’s checked record shares no list with the parsed one', () => {
    const parsed = rec({ line: 7, title: 'Site', username: 'me', password: 'pw', urls: ['https://a.example'], fields: [{ name: 'PIN', value: '1234', hidden: true }], folder: 'Work', favorite: true });
    const fields = vaultFields(parsed);
    expect(fields).not.toHaveProperty('line');
    const { line: _line, ...rest } = parsed;
    expect(fields).toEqual(rest);
    const stored = prepareRecord({ id: 'r1', ...fields }, null, new Date('2026-01-01T00:00:00Z'), () => 'unused');
    expect(stored).toMatchObject(rest);
    expect(stored.urls).not.toBe(parsed.urls);
    expect(stored.fields).not.toBe(parsed.fields);
    expect(stored.fields[0]).not.toBe(parsed.fields[0]);
  });
});
