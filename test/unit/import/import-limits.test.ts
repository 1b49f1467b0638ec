import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_LIMITS } from '../../../main/import/import-limits';
import { readImportFile } from '../../../main/import/read-import-file';
import { extractZip } from '../../../main/import/zip-archive';
import { fixture, parseAs } from './fixture-input';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'kh-limits-'));

describe('file size cap', () => {
  it('refuses a file over the cap with file_too_large, before reading it', async () => {
    const path = join(tmp(), 'big.csv');
    writeFileSync(path, 'x'.repeat(2048));
    await expect(readImportFile(path, { ...DEFAULT_IMPORT_LIMITS, maxFileBytes: 1024 })).rejects.toMatchObject({ code: 'file_too_large' });
  });

  it('reads a file at the cap', async () => {
    const path = join(tmp(), 'ok.csv');
    writeFileSync(path, 'x'.repeat(1024));
    expect((await readImportFile(path, { ...DEFAULT_IMPORT_LIMITS, maxFileBytes: 1024 })).bytes.length).toBe(1024);
  });

  it('turns a missing file into unreadable_file', async () => {
    await expect(readImportFile(join(tmp(), 'nope.csv'))).rejects.toMatchObject({ code: 'unreadable_file' });
  });
});

describe('zip limits', () => {
  it('refuses an archive with too many entries', () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i < 1001; i++) files[`f${i}.csv`] = strToU8('a');
    expect(() => extractZip(zipSync(files), () => true)).toThrow(/more than 1000 entries/);
  });

  it('refuses an entry that compresses like a zip bomb', () => {
    const bomb = zipSync({ 'credentials.csv': new Uint8Array(20 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(() => extractZip(bomb, () => true)).toThrow(/zip bomb/);
  });

  it('refuses an archive whose total uncompressed size is over the limit', () => {
    const files = { 'a.csv': strToU8('x'.repeat(600)), 'b.csv': strToU8('y'.repeat(600)) };
    expect(() => extractZip(zipSync(files, { level: 0 }), () => true, { ...DEFAULT_IMPORT_LIMITS, maxZipUncompressedBytes: 1000 })).toThrow(/expand to more than/);
  });

  it('refuses an entry whose header declares less than its data (never cut short in silence)', () => {
    const zip = zipSync({ 'export.data': strToU8('{"accounts":[]}'.padEnd(4000, ' ')) }, { level: 9 });
    // Patch the central directory's uncompressed size down to 10 bytes.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let cd = zip.length - 4;
    while (cd > 0 && view.getUint32(cd, true) !== 0x02014b50) cd--;
    view.setUint32(cd + 24, 10, true);
    expect(() => extractZip(zip, () => true)).toThrow(/damaged/);
  });

  it('reports a damaged zip as unreadable_file', async () => {
    const broken = fixture('dashlane.zip').bytes.slice(0, 200);
    await expect(parseAs('dashlane', { bytes: broken })).rejects.toMatchObject({ code: 'unreadable_file' });
  });
});

describe('XML safety', () => {
  it('refuses a document with a DOCTYPE or ENTITY declaration before parsing it', async () => {
    await expect(parseAs('keepass-xml', fixture('malformed/doctype.xml'))).rejects.toMatchObject({
      code: 'unreadable_file',
      publicMessage: expect.stringMatching(/DTD/),
    });
  });
});
