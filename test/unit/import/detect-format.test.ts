import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseImport } from '../../../main/import/detect-format';
import { readImportFile } from '../../../main/import/read-import-file';
import { fixture, FIXTURE_FORMATS, FIXTURES, textInput } from './fixture-input';

describe('detectFormat', () => {
  it.each(FIXTURE_FORMATS)('detects %s as %s', (name, id) => {
    expect(detectFormat(fixture(name))[0]?.id).toBe(id);
  });

  it('decides from content, not the file name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kh-detect-'));
    // Each export saved under another exporter's name (and a misleading extension).
    const misnamed: [string, string, string][] = [
      ['lastpass.csv', 'chrome.csv', 'lastpass'],
      ['firefox.csv', 'export.xml', 'firefox'],
      ['kdbx.kdbx', 'passwords.csv', 'kdbx'],
      ['1password-1pux.1pux', 'dashlane.zip', '1password-1pux'],
      ['bitwarden-json.json', 'keeper.json', 'bitwarden-json'],
    ];
    for (const [source, name, id] of misnamed) {
      const path = join(dir, name);
      copyFileSync(join(FIXTURES, source), path);
      expect(detectFormat(await readImportFile(path))[0]?.id).toBe(id);
    }
  });

  it('tells Safari, 1Password and Chrome CSVs apart by their columns', () => {
    expect(detectFormat(textInput('Title,URL,Username,Password,OTPAuth\n'))[0]?.id).toBe('safari');
    expect(detectFormat(textInput('Title,Website,Username,Password,One-time password,Favorite status,Archived status,Tags,Notes\n'))[0]?.id).toBe('1password-csv');
    expect(detectFormat(textInput('name,url,username,password\n'))[0]?.id).toBe('chrome');
    // 1Password 8 with Url/OTPAuth columns shares Safari's five but adds Favorite/Archived/Tags.
    expect(detectFormat(textInput('Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes\n'))[0]?.id).toBe('1password-csv');
    expect(detectFormat(textInput('Title,URL,Username,Password,Notes,OTPAuth\n'))[0]?.id).toBe('safari');
    // Bitwarden organisation exports: collections instead of folder, no favorite column.
    expect(detectFormat(textInput('collections,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n'))[0]?.id).toBe('bitwarden-csv');
  });

  it('offers generic-csv as a low-confidence fallback for unknown password CSVs', () => {
    expect(detectFormat(textInput('Service,E-mail,Colour,Link\n'))).toEqual([]);
    const found = detectFormat(textInput('Service,Email,Password,Link\nx,y,z,w\n'));
    expect(found).toEqual([{ id: 'generic-csv', confidence: 0.2 }]);
  });

  it('recognises nothing in plain prose, and parseImport says so', async () => {
    expect(detectFormat(fixture('malformed/not-an-export.txt'))).toEqual([]);
    await expect(parseImport(fixture('malformed/not-an-export.txt'))).rejects.toMatchObject({ code: 'unrecognized_format' });
  });

  it('lets the caller override the detected format', async () => {
    const r = await parseImport(fixture('lastpass.csv'), { format: 'generic-csv' });
    expect(r.format).toBe('generic-csv');
  });

  it('refuses an override whose columns are missing', async () => {
    await expect(parseImport(fixture('lastpass.csv'), { format: 'safari' })).rejects.toMatchObject({ code: 'unrecognized_format' });
  });
});
