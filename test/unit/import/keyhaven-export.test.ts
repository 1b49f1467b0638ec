import { describe, expect, it } from 'vitest';
import { writeCsvExport } from '../../../main/import/csv-export';
import { detectFormat, parseImport } from '../../../main/import/detect-format';
import { writeKeyhavenExport, type ExportItem } from '../../../main/import/formats/keyhaven-json';
import { textInput } from './fixture-input';

const ITEMS: ExportItem[] = [
  { type: 'login', title: 'Bank, "main"', username: 'zoé', password: 'p,w"1\nx', urls: ['https://bank.example', 'https://m.bank.example'], notes: 'two\nlines', folder: 'Money/Banks', totp: 'otpauth://totp/Bank:zoe?secret=JBSWY3DPEHPK3PXP', fields: [{ name: 'PIN', value: '0042', hidden: true }], favorite: true },
  { type: 'note', title: 'Alarm', username: '', password: '', urls: [], notes: '4711', folder: null, totp: null, fields: [], favorite: false },
  { type: 'card', title: 'Visa', username: '', password: '', urls: [], notes: '', folder: 'Money', totp: null, fields: [{ name: 'Card number', value: '4111111111111111', hidden: true }], favorite: false },
  { type: 'identity', title: 'Me', username: '', password: '', urls: [], notes: '', folder: null, totp: null, fields: [{ name: 'First name', value: 'Zoé', hidden: false }], favorite: false },
  { type: 'login', title: 'Empty login', username: '', password: '', urls: [], notes: '', folder: null, totp: null, fields: [], favorite: false },
];
const PASSWORD = 'export file password 1';
const FAST = 100_000;

describe('Keyhaven export (encrypted JSON)', () => {
  it('round-trips every record type, field, folder and one-time code through the importer', async () => {
    const file = await writeKeyhavenExport(ITEMS, PASSWORD, FAST);
    const input = textInput(file);
    expect(detectFormat(input)[0]?.id).toBe('keyhaven-json');
    const parsed = await parseImport(input, { password: PASSWORD });
    expect(parsed.format).toBe('keyhaven-json');
    expect(parsed.errorCount + parsed.skippedCount).toBe(0);
    expect(parsed.records.map(({ line: _line, ...r }) => r)).toEqual(ITEMS);
    expect(parsed.folders).toEqual(['Money', 'Money/Banks']);
  });

  it('holds nothing of the items in clear', async () => {
    const file = await writeKeyhavenExport(ITEMS, PASSWORD, FAST);
    for (const secret of ['zoé', '4711', '4111111111111111', 'JBSWY3DPEHPK3PXP', 'Bank', 'Alarm', 'Money']) expect(file).not.toContain(secret);
  });

  it('asks for the password, refuses a wrong one, and refuses a changed header or body', async () => {
    const file = await writeKeyhavenExport(ITEMS, PASSWORD, FAST);
    await expect(parseImport(textInput(file))).rejects.toMatchObject({ code: 'import_password_required' });
    await expect(parseImport(textInput(file), { password: 'not the password' })).rejects.toMatchObject({ code: 'wrong_import_password' });
    const json = JSON.parse(file) as { kdf: { iterations: number }; data: string };
    const raised = JSON.stringify({ ...json, kdf: { ...json.kdf, iterations: FAST + 1 } });
    await expect(parseImport(textInput(raised), { password: PASSWORD })).rejects.toMatchObject({ code: 'wrong_import_password' });
    const hostile = JSON.stringify({ ...json, kdf: { ...json.kdf, iterations: 2_000_000_000 } });
    await expect(parseImport(textInput(hostile), { password: PASSWORD })).rejects.toMatchObject({ code: 'unreadable_file' });
    const data = Buffer.from(json.data, 'base64');
    data[0] = (data[0] ?? 0) ^ 1;
    await expect(parseImport(textInput(JSON.stringify({ ...json, data: data.toString('base64') })), { password: PASSWORD })).rejects.toMatchObject({ code: 'wrong_import_password' });
  });
});

describe('CSV export', () => {
  it('writes one quoted row per item under a header', () => {
    const csv = writeCsvExport(ITEMS.slice(0, 2));
    expect(csv.split('\r\n')[0]).toBe('type,title,username,password,urls,totp,notes,folder,favorite,fields');
    expect(csv).toContain('login,"Bank, ""main""",zoé,"p,w""1\nx","https://bank.example\nhttps://m.bank.example",otpauth://totp/Bank:zoe?secret=JBSWY3DPEHPK3PXP,"two\nlines",Money/Banks,true,PIN: 0042\r\n');
    expect(csv.endsWith('note,Alarm,,,,,4711,,false,\r\n')).toBe(true);
  });
});
