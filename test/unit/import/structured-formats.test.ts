import { describe, expect, it } from 'vitest';
import { AppError } from '../../../main/errors/app-error';
import { CAFE, CAFE_TOTP, rec } from './expected-record';
import { fixture, KDBX_PASSWORD, parseAs, textInput } from './fixture-input';

describe('bitwarden-json', () => {
  it('imports logins, notes, cards and identities; skips unsupported types with a reason', async () => {
    const r = await parseAs('bitwarden-json', fixture('bitwarden-json.json'));
    expect(r.records).toEqual([
      rec({
        line: 1, title: CAFE, username: 'alice', password: 'pw"1', urls: ['https://cafe.example.ch', 'https://m.cafe.example.ch'],
        notes: 'multi\nline', folder: 'Work', totp: 'otpauth://totp/Cafe:alice?secret=JBSWY3DPEHPK3PXP', favorite: true,
        fields: [{ name: 'PIN', value: '1234', hidden: true }, { name: 'Plan', value: 'Pro', hidden: false }, { name: 'Remember', value: 'true', hidden: false }],
      }),
      rec({ line: 2, type: 'note', title: 'Alarm code', notes: '4711' }),
      rec({ line: 3, type: 'card', title: 'Visa', fields: [
        { name: 'Cardholder name', value: 'Alice Example', hidden: false },
        { name: 'Brand', value: 'Visa', hidden: false },
        { name: 'Card number', value: '4111111111111111', hidden: true },
        { name: 'Expiry month', value: '12', hidden: false },
        { name: 'Expiry year', value: '2030', hidden: false },
        { name: 'Security code', value: '123', hidden: true },
      ] }),
      rec({ line: 4, type: 'identity', title: 'Me', folder: 'Work', fields: [
        { name: 'First name', value: 'Alice', hidden: false },
        { name: 'Last name', value: 'Example', hidden: false },
        { name: 'Email', value: 'alice@example.com', hidden: false },
        { name: 'Social security number', value: '123-45-6789', hidden: true },
      ] }),
    ]);
    // The reason names the field, never its value.
    expect(r.skipped).toEqual([{ line: 5, reason: expect.stringContaining('"type"') }]);
    expect(r.folders).toEqual(['Archive', 'Work']);
  });

  it('refuses an encrypted export with a clear message', async () => {
    await expect(parseAs('bitwarden-json', fixture('malformed/bitwarden-encrypted.json'))).rejects.toMatchObject({
      code: 'unreadable_file',
      publicMessage: expect.stringMatching(/encrypted/),
    });
  });
});

describe('keeper-json', () => {
  it('reads custom fields, TFC:Keeper TOTP and shared folders; an empty record is an error', async () => {
    const r = await parseAs('keeper-json', fixture('keeper-json.json'));
    expect(r.records).toEqual([
      rec({ line: 1, title: CAFE, username: 'alice', password: 'pw1', urls: ['https://cafe.example.ch'], notes: 'line1\nline2', folder: 'Work/Social', totp: 'otpauth://totp/Keeper:alice?secret=JBSWY3DPEHPK3PXP&issuer=Keeper', fields: [{ name: 'Security question', value: 'Blue', hidden: false }] }),
      rec({ line: 2, title: 'Router', username: 'admin', password: 'admin', urls: ['http://192.168.1.1'], folder: 'Shared Team' }),
    ]);
    expect(r.errors).toEqual([{ line: 3, message: 'Row has no title, username, password or URL' }]);
  });
});

const PROTON_JSON_RECORDS = [
  rec({
    line: 1, title: CAFE, username: 'alice', password: 'pw1', urls: ['https://cafe.example.ch'], notes: 'multi\nline', folder: 'Personal',
    totp: 'otpauth://totp/Cafe:alice?secret=JBSWY3DPEHPK3PXP', favorite: true,
    fields: [{ name: 'Email', value: 'alice@example.com', hidden: false }, { name: 'PIN', value: '1234', hidden: true }, { name: 'Plan', value: 'Pro', hidden: false }],
  }),
  rec({ line: 2, type: 'note', title: 'Door codes', notes: 'Front 1234', folder: 'Personal' }),
  rec({ line: 4, type: 'card', title: 'Corporate card', folder: 'Work', fields: [
    { name: 'Cardholder name', value: 'Alice Example', hidden: false },
    { name: 'Card number', value: '4111111111111111', hidden: true },
    { name: 'Security code', value: '123', hidden: true },
    { name: 'Expiry date', value: '2030-12', hidden: false },
  ] }),
];

describe('protonpass JSON and zip', () => {
  it('imports the unencrypted JSON, skipping trashed items', async () => {
    const r = await parseAs('protonpass', fixture('protonpass.json'));
    expect(r.records).toEqual(PROTON_JSON_RECORDS);
    expect(r.skipped).toEqual([{ line: 3, reason: 'In the Proton Pass trash' }]);
  });

  it('reads the same data from "Proton Pass/data.json" inside a zip', async () => {
    expect((await parseAs('protonpass', fixture('protonpass.zip'))).records).toEqual(PROTON_JSON_RECORDS);
  });

  it('refuses an encrypted (PGP) export clearly', async () => {
    await expect(parseAs('protonpass', textInput('{"encrypted":true,"vaults":{}}'))).rejects.toMatchObject({ code: 'unreadable_file' });
  });
});

describe('1password-1pux', () => {
  it('maps categories, login fields, section fields, TOTP, tags, vault folders and skips trash', async () => {
    const r = await parseAs('1password-1pux', fixture('1password-1pux.1pux'));
    expect(r.records).toEqual([
      rec({
        line: 1, title: CAFE, username: 'alice', password: 'pw"1', urls: ['https://cafe.example.ch', 'https://m.cafe.example.ch'], notes: 'multi\nline',
        folder: 'Personal', totp: 'otpauth://totp/Cafe:alice?secret=JBSWY3DPEHPK3PXP', favorite: true,
        fields: [{ name: 'PIN', value: '1234', hidden: true }, { name: 'Recovery email', value: 'rec@example.com', hidden: false }, { name: 'Tags', value: 'social', hidden: false }],
      }),
      rec({ line: 2, type: 'note', title: 'Door codes', notes: 'Front: 1234\nBack: 5678', folder: 'Personal' }),
      rec({ line: 4, type: 'card', title: 'Corporate card', folder: 'Work', fields: [
        { name: 'cardholder name', value: 'Alice Example', hidden: false },
        { name: 'number', value: '4111111111111111', hidden: true },
        { name: 'verification number', value: '123', hidden: true },
        { name: 'expiry date', value: '12/2030', hidden: false },
      ] }),
    ]);
    expect(r.skipped).toEqual([{ line: 3, reason: 'In the 1Password trash' }]);
  });
});

describe('dashlane zip', () => {
  it('imports credentials and secure notes; rows of other CSVs are reported as skipped', async () => {
    const r = await parseAs('dashlane', fixture('dashlane.zip'));
    expect(r.records).toEqual([
      rec({ line: 2, title: CAFE, username: 'alice@example.com', password: 'pw,"1"', urls: ['https://cafe.example.ch'], notes: 'line 1\nline 2', folder: 'Social', totp: 'otpauth://totp/Cafe:alice?secret=JBSWY3DPEHPK3PXP', fields: [{ name: 'Alternative username', value: 'alice', hidden: false }] }),
      rec({ line: 4, title: 'Bank', username: 'bob', password: 'hunter2', urls: ['https://bank.example.com'] }),
      rec({ line: 2, type: 'note', title: 'Door codes', notes: 'Front: 1234\nBack: 5678' }),
    ]);
    expect(r.skipped).toEqual([{ line: 2, reason: expect.stringContaining('payments.csv') }]);
  });

  it('also reads a lone credentials.csv with the otpSecret column', async () => {
    const csv = 'username,username2,username3,title,password,note,url,category,otpSecret\nbob,,,Bank,pw,,https://bank.example.com,,jbswy3dpehpk3pxp\n';
    const r = await parseAs('dashlane', textInput(csv));
    expect(r.records).toEqual([rec({ line: 2, title: 'Bank', username: 'bob', password: 'pw', urls: ['https://bank.example.com'], totp: 'otpauth://totp/Bank?secret=JBSWY3DPEHPK3PXP' })]);
  });
});

const KEEPASS_MAIL = rec({ line: 1, title: 'Mail', username: 'alice@example.com', password: 'pw<1>&', urls: ['https://mail.example.com'], notes: 'line 1\nline 2', totp: 'otpauth://totp/Mail:alice?secret=JBSWY3DPEHPK3PXP&issuer=Mail' });

describe('keepass-xml', () => {
  it('walks nested groups into folders, ignores History, keeps protected custom strings hidden, skips the Recycle Bin', async () => {
    const r = await parseAs('keepass-xml', fixture('keepass-xml.xml'));
    expect(r.records).toEqual([
      { ...KEEPASS_MAIL, fields: [{ name: 'Recovery code', value: 'RC-1234', hidden: true }, { name: 'Department', value: 'Finance', hidden: false }] },
      rec({ line: 2, title: CAFE, username: 'root', password: 's3cret', urls: ['ssh://db.internal'], folder: 'Work/Servers', totp: CAFE_TOTP }),
    ]);
    expect(r.skipped).toEqual([{ line: 3, reason: 'In the KeePass Recycle Bin' }]);
    expect(r.folders).toEqual(['Work', 'Work/Servers']);
  });

  it('refuses a malformed document', async () => {
    await expect(parseAs('keepass-xml', fixture('malformed/keepass-bad.xml'))).rejects.toMatchObject({ code: 'unreadable_file' });
  });
});

describe('kdbx (KDBX4 + Argon2id)', () => {
  it('opens the database with its password and maps entries like the XML export', async () => {
    const r = await parseAs('kdbx', fixture('kdbx.kdbx'), KDBX_PASSWORD);
    expect(r.records).toEqual([
      { ...KEEPASS_MAIL, fields: [{ name: 'Recovery code', value: 'RC-1234', hidden: true }] },
      rec({ line: 3, title: CAFE, username: 'root', password: 's3cret', urls: ['ssh://db.internal'], folder: 'Work/Servers', totp: CAFE_TOTP }),
    ]);
    expect(r.skipped).toEqual([{ line: 2, reason: 'In the KeePass Recycle Bin' }]);
  });

  it('says the password is wrong when it is', async () => {
    const err: unknown = await parseAs('kdbx', fixture('kdbx.kdbx'), 'wrong horse').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'wrong_import_password' });
  });

  it('asks for a password when none is given', async () => {
    await expect(parseAs('kdbx', fixture('kdbx.kdbx'))).rejects.toMatchObject({ code: 'import_password_required' });
  });
});
