import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createFolderPaths, normaliseFolderPath, type FolderSeparator } from '../../../main/import/folder-path';
import { lastpassFormat } from '../../../main/import/formats/lastpass';

const SEPARATORS: FolderSeparator[] = ['/', '\\', 'either'];
const spelling = fc.array(fc.constantFrom('Work', 'Servers', ' ', '/', '\\', 'Cafe\u0301', 'é', ''), { maxLength: 6 }).map((p) => p.join(''));

describe("one parse's folder paths", () => {
  it('answer what normaliseFolderPath answers, whatever the order and the separator asked for', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(spelling, fc.constantFrom(...SEPARATORS)), { maxLength: 40 }), (asks) => {
        const folderPath = createFolderPaths();
        // Each spelling asked twice: the second answer comes from what the first remembered.
        for (const [raw, separator] of [...asks, ...asks]) expect(folderPath(raw, separator)).toBe(normaliseFolderPath(raw, separator));
      }),
      { numRuns: 500 },
    );
  });

  it('keep one spelling apart per separator ("a\\\\b" is one level under "/", two under "\\\\")', () => {
    const folderPath = createFolderPaths();
    expect(folderPath('a\\b', '/')).toBe('a\\b');
    expect(folderPath('a\\b', '\\')).toBe('a/b');
    expect(folderPath('a\\b')).toBe('a/b');
    expect(folderPath('a\\b', '/')).toBe('a\\b');
    expect(folderPath(null, '/')).toBeNull();
    expect(folderPath(undefined)).toBeNull();
  });

  it('stay right past the spellings they remember', () => {
    const folderPath = createFolderPaths();
    for (let i = 0; i < 5000; i += 1) expect(folderPath(` Team ${i} \\ Sub `, '\\')).toBe(`Team ${i}/Sub`);
    expect(folderPath(' Team 4999 \\ Sub ', '/')).toBe('Team 4999 \\ Sub');
    expect(folderPath(' Team 1 \\ Sub ', '\\')).toBe('Team 1/Sub');
  });

  it('give a LastPass file its folders, and the file read after it its own', async () => {
    const read = async (csv: string) => (await lastpassFormat.parse({ bytes: new TextEncoder().encode(csv) })).records.map((r) => r.folder);
    const header = 'url,username,password,totp,extra,name,grouping,fav\n';
    expect(await read(`${header}https://a.test,u,p,,,A, Work \\ Servers ,0\nhttps://b.test,u,p,,,B, Work \\ Servers ,0\n`)).toEqual(['Work/Servers', 'Work/Servers']);
    expect(await read(`${header}https://a.test,u,p,,,A,Home\\Bills,0\n`)).toEqual(['Home/Bills']);
  });
});
