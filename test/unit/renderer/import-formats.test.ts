import { describe, expect, it } from 'vitest';
import { formatOptions, IMPORT_FORMATS, itemsToImport, needsDatabasePassword } from '../../../renderer/src/import/import-formats';

const counts = { logins: 10, notes: 2, cards: 1, identities: 0, folders: 3, totp: 1, duplicates: 4, problems: 1, added: 9, updated: 2, leftAlone: 2 };

describe('import formats', () => {
  it('lists detected candidates first, best first, then every other format once', () => {
    const options = formatOptions([
      { id: 'chrome', label: 'Chrome', confidence: 0.4 },
      { id: 'bitwarden-csv', label: 'Bitwarden CSV', confidence: 0.9 },
    ]);
    expect(options.slice(0, 2).map((o) => o.id)).toEqual(['bitwarden-csv', 'chrome']);
    expect(options).toHaveLength(IMPORT_FORMATS.length);
    expect(new Set(options.map((o) => o.id)).size).toBe(IMPORT_FORMATS.length);
  });

  it('counts the items to import: with duplicates skipped, the new ones and the matches updated in place', () => {
    expect(itemsToImport(counts, 'skip')).toBe(11);
    expect(itemsToImport(counts, 'import')).toBe(13);
  });

  it('asks for the database password for kdbx or when main asks for it', () => {
    expect(needsDatabasePassword('kdbx', null)).toBe(true);
    expect(needsDatabasePassword(null, 'import_password_required')).toBe(true);
    expect(needsDatabasePassword(null, 'wrong_import_password')).toBe(true);
    expect(needsDatabasePassword('chrome', 'unreadable_file')).toBe(false);
  });
});
