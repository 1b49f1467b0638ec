import { describe, expect, it } from 'vitest';
import type { AdminEvent } from '../../../main/backend/admin/admin-events-query';
import { auditCsvChunks, csvField, csvRow } from '../../../main/backend/admin/audit-csv';

const event = (over: Partial<AdminEvent>): AdminEvent => ({
  seq: 7,
  id: 'e',
  type: 'sign_in.failed',
  at: '2030-01-01T00:00:00.000Z',
  outcome: 'failure',
  userId: null,
  userEmail: null,
  email: null,
  ip: '127.0.0.1',
  connectionId: 'okta',
  reason: 'no_sso_for_domain',
  details: null,
  ...over,
});

describe('audit CSV', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('never lets a spreadsheet run a cell as a formula (the email tried is attacker-chosen)', () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1', '-1+2', '@SUM(A1)', '\tx']) expect(csvField(evil).replace(/^"/, '')).toMatch(/^'/);
    expect(csvRow(event({ email: '=cmd|calc@x.test' }))).toContain(",'=cmd|calc@x.test,");
  });

  it('streams page after page until a page is empty, newest first, with one header', async () => {
    const pages = [[event({ seq: 3 }), event({ seq: 2 })], [event({ seq: 1 })], []];
    const asked: (number | undefined)[] = [];
    let text = '';
    for await (const chunk of auditCsvChunks(async (before) => {
      asked.push(before);
      return pages[asked.length - 1] ?? [];
    }))
      text += chunk;
    expect(asked).toEqual([undefined, 2, 1]);
    const lines = text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['3', '2', '1']);
  });
});
