import { describe, expect, it } from 'vitest';
import { parseGenericCsv, suggestMapping } from '../../../main/import/formats/generic-csv';
import { rec } from './expected-record';

describe('suggestMapping', () => {
  it('maps common header spellings', () => {
    expect(suggestMapping(['Title', 'User Name', 'Password', 'URL', 'Notes', 'Group', 'TOTP'])).toEqual({
      title: 0, username: 1, password: 2, url: 3, notes: 4, folder: 5, totp: 6,
    });
  });

  it('matches headers that contain a synonym, without using a column twice', () => {
    expect(suggestMapping(['Account Name', 'Login E-mail', 'Account Password', 'Web Site'])).toEqual({
      password: 2, username: 1, url: 3, title: 0,
    });
  });

  it('leaves fields unmapped when nothing fits', () => {
    expect(suggestMapping(['Colour', 'Size'])).toEqual({});
  });
});

describe('parseGenericCsv', () => {
  it('uses an explicit mapping, keeps other columns as fields and reports short rows', () => {
    const r = parseGenericCsv('a,b,c,d\nSite,me,pw,x\nshort\n', { title: 0, username: 1, password: 2 });
    expect(r.records).toEqual([rec({ line: 2, title: 'Site', username: 'me', password: 'pw', fields: [{ name: 'd', value: 'x', hidden: false }] })]);
    expect(r.errors).toEqual([{ line: 3, message: 'Expected 4 columns but found 1' }]);
    expect(r.rows).toBe(2);
  });
});
