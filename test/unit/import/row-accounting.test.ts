import { describe, expect, it } from 'vitest';
import { fixture, FIXTURE_FORMATS, KDBX_PASSWORD, parseAs } from './fixture-input';

describe('every input row is accounted for', () => {
  it.each(FIXTURE_FORMATS)('%s: records + errors + skipped === rows', async (name, id) => {
    const r = await parseAs(id, fixture(name), KDBX_PASSWORD);
    expect(r.rows).toBeGreaterThan(0);
    expect(r.records.length + r.errors.length + r.skipped.length).toBe(r.rows);
  });

  it.each([['malformed/lastpass-bad-rows.csv', 'lastpass'], ['malformed/chrome-extra-columns.csv', 'chrome']])('%s keeps the invariant too', async (name, id) => {
    const r = await parseAs(id, fixture(name));
    expect(r.records.length + r.errors.length + r.skipped.length).toBe(r.rows);
  });

  it.each(FIXTURE_FORMATS)('%s: every string is NFC and notes use \\n line endings', async (name, id) => {
    const r = await parseAs(id, fixture(name), KDBX_PASSWORD);
    for (const rec of r.records) {
      for (const s of [rec.title, rec.username, rec.password, rec.notes, ...rec.urls, ...rec.fields.flatMap((f) => [f.name, f.value])]) {
        expect(s).toBe(s.normalize('NFC'));
      }
      expect(rec.notes).not.toContain('\r');
    }
  });
});
