import { strToU8, zipSync } from 'fflate';
// kdbxweb is a UMD bundle: Node's CJS interop only exposes it whole as the default export.
import kdbxweb from 'kdbxweb';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_LIMITS, DEFAULT_KDF_LIMITS } from '../../../main/import/import-limits';
import { checkKdfLimits, readKdfParameters } from '../../../main/import/kdbx-kdf';
import { listedProblems } from '../../../main/import/listed-problems';
import { fixture, KDBX_PASSWORD } from './fixture-input';
import { bytesOf, LASTPASS_HEADER, lastpassRows, parsed, patchKdfParameter } from './support/hostile-inputs';

describe('row and listing caps', () => {
  it('refuses a CSV with more rows than the cap, naming the cap', async () => {
    const text = `${LASTPASS_HEADER}\n${'x\n'.repeat(DEFAULT_IMPORT_LIMITS.maxRows + 1)}`;
    await expect(parsed(bytesOf(text))).rejects.toMatchObject({ code: 'file_too_large', publicMessage: expect.stringContaining('200,000') });
  });

  it('reads a CSV at the row cap', async () => {
    const text = `${LASTPASS_HEADER}\n${lastpassRows(DEFAULT_IMPORT_LIMITS.maxRows).join('\n')}`;
    const r = await parsed(bytesOf(text));
    expect(r.records).toHaveLength(DEFAULT_IMPORT_LIMITS.maxRows);
  });

  it('lists at most the cap of errors and says how many more there are', async () => {
    const bad = 2500;
    const text = `${LASTPASS_HEADER}\n${'short,row\n'.repeat(bad)}${lastpassRows(1).join('')}\n`;
    const r = await parsed(bytesOf(text));
    expect(r.errors).toHaveLength(DEFAULT_IMPORT_LIMITS.maxListedProblems);
    expect(r.errorCount).toBe(bad);
    expect(r.records).toHaveLength(1);
    expect(r.records.length + r.errorCount + r.skippedCount).toBe(r.rows);
    expect(listedProblems(r).at(-1)).toEqual({ line: 0, message: '1,500 more problems are not listed' });
  });

  it('refuses KeePass XML with more entries than the cap before building the document', async () => {
    const entry = '<Entry/>';
    const xml = `<KeePassFile><Root><Group><Name>Db</Name>${entry.repeat(DEFAULT_IMPORT_LIMITS.maxRows + 1)}</Group></Root></KeePassFile>`;
    await expect(parsed(bytesOf(xml))).rejects.toMatchObject({ code: 'file_too_large', publicMessage: expect.stringContaining('200,000') });
  });

  it('refuses KeePass XML over its size cap before building the document (the DOM needs ~65× the file)', async () => {
    const entry = '<Entry><String><Key>Title</Key><Value>t</Value></String></Entry>';
    const xml = `<KeePassFile><Root><Group><Name>Db</Name>${entry.repeat(Math.ceil(DEFAULT_IMPORT_LIMITS.maxXmlBytes / entry.length))}</Group></Root></KeePassFile>`;
    await expect(parsed(bytesOf(xml))).rejects.toMatchObject({ code: 'file_too_large', publicMessage: expect.stringMatching(/larger than 8 MiB/) });
  });

  it('refuses a zip whose entries expand past the size cap', async () => {
    const big = new Uint8Array(26 * 1024 * 1024).fill(0x61);
    const zip = zipSync({ 'credentials.csv': strToU8('username,title,password\n'), 'a.csv': big, 'b.csv': big }, { level: 0 });
    await expect(parsed({ bytes: zip })).rejects.toMatchObject({ code: 'unreadable_file', publicMessage: expect.stringMatching(/more than 50 MiB/) });
  });
});

describe('KeePass key-derivation caps', () => {
  const db = fixture('kdbx.kdbx').bytes;

  it('reads the fixture’s Argon2 parameters from its header', () => {
    expect(readKdfParameters(db)).toEqual({ kdf: 'argon2', iterations: 2, memoryBytes: 1024 * 1024, parallelism: 1 });
  });

  it.each([
    ['I', 2 ** 31, /Argon2 iterations of 2147483648/],
    ['M', 1.9 * 1024 ** 3, /Argon2 memory of 1946 MiB/],
    ['P', 100_000, /Argon2 parallelism of 100000/],
  ] as const)('refuses Argon2 %s = %d before deriving anything, naming it and the cap', async (key, value, message) => {
    const hostile = { bytes: patchKdfParameter(db, key, value) };
    await expect(parsed(hostile, undefined, KDBX_PASSWORD)).rejects.toMatchObject({ code: 'unreadable_file', publicMessage: expect.stringMatching(message) });
  });

  it('refuses memory × iterations over the work cap', () => {
    expect(() => checkKdfLimits({ kdf: 'argon2', iterations: 16, memoryBytes: 1024 ** 3, parallelism: 2 })).toThrow(/memory × iterations/);
    expect(() => checkKdfLimits({ kdf: 'argon2', iterations: 2, memoryBytes: 64 * 1024 ** 2, parallelism: 2 })).not.toThrow();
  });

  it('refuses AES-KDF rounds over the cap (KDBX 4 with AES-KDF)', async () => {
    const made = kdbxweb.Kdbx.create(new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString('pw')), 'aes');
    made.setKdf(kdbxweb.Consts.KdfId.Aes);
    made.header.kdfParameters?.set('R', kdbxweb.VarDictionary.ValueType.UInt64, kdbxweb.Int64.from(1000));
    const bytes = new Uint8Array(await made.save());
    expect(readKdfParameters(bytes)).toEqual({ kdf: 'aes', rounds: 1000 });
    expect((await parsed({ bytes }, undefined, 'pw')).rows).toBe(0);
    const hostile = { bytes: patchKdfParameter(bytes, 'R', DEFAULT_KDF_LIMITS.maxAesRounds * 100) };
    await expect(parsed(hostile, undefined, 'pw')).rejects.toMatchObject({ publicMessage: expect.stringMatching(/AES-KDF rounds of 10000000000/) });
  });

  it('refuses AES-KDF rounds over the cap (KDBX 3 transform rounds)', () => {
    expect(() => checkKdfLimits({ kdf: 'aes', rounds: 2 ** 40 })).toThrow(/AES-KDF rounds/);
    expect(() => checkKdfLimits({ kdf: 'aes', rounds: 60_000 })).not.toThrow();
  });
});
