import { describe, expect, it } from 'vitest';
import { CAFE, CAFE_TOTP, rec } from './expected-record';
import { fixture, parseAs, textInput } from './fixture-input';

describe('lastpass (BOM + CRLF, secure notes, backslash folders)', () => {
  it('imports every row field by field', async () => {
    const r = await parseAs('lastpass', fixture('lastpass.csv'));
    expect(r.records).toEqual([
      rec({ line: 2, title: CAFE, username: 'alice@example.com', password: 'p@ss,"word"', urls: ['https://cafe.example.ch/login'], notes: 'Line one\nLine two', folder: 'Work/Social', totp: CAFE_TOTP, favorite: true }),
      rec({
        line: 4, type: 'note', title: 'DB server', notes: 'Rotate every\n90 days', folder: 'Work/Servers',
        fields: [
          { name: 'Note type', value: 'Server', hidden: false },
          { name: 'Hostname', value: 'db.internal', hidden: false },
          { name: 'Username', value: 'root', hidden: false },
          { name: 'Password', value: 's3cret', hidden: true },
        ],
      }),
      rec({ line: 11, type: 'note', title: 'Wi-Fi code', notes: 'Just a plain secure note' }),
      rec({ line: 12, title: 'Bank', username: 'bob', password: 'hunter2', urls: ['https://bank.example.com'], folder: 'Finance', totp: 'otpauth://totp/Bank:bob?secret=JBSWY3DPEHPK3PXP&issuer=Bank' }),
      rec({ line: 13, title: 'No site', username: 'nosite', password: 'pw-only' }),
    ]);
    expect(r.folders).toEqual(['Finance', 'Work/Servers', 'Work/Social']);
    expect(r.errors).toEqual([]);
    expect(r.skipped).toEqual([]);
    expect(r.rows).toBe(5);
  });

  it('maps a LastPass credit-card note to a card record', async () => {
    const csv = 'url,username,password,totp,extra,name,grouping,fav\nhttp://sn,,,,"NoteType:Credit Card\nLanguage:en-US\nName on Card:Alice\nNumber:4111\nSecurity Code:123\nNotes:",Visa,,0\n';
    const r = await parseAs('lastpass', textInput(csv));
    expect(r.records).toEqual([
      rec({ line: 2, type: 'card', title: 'Visa', fields: [
        { name: 'Name on Card', value: 'Alice', hidden: false },
        { name: 'Number', value: '4111', hidden: true },
        { name: 'Security Code', value: '123', hidden: true },
      ] }),
    ]);
  });
});

describe('chrome', () => {
  it('imports name/url/username/password/note, keeping password spaces and titling nameless rows by host', async () => {
    const r = await parseAs('chrome', fixture('chrome.csv'));
    expect(r.records).toEqual([
      rec({ line: 2, title: 'example.com', username: 'alice', password: 'pa"ss', urls: ['https://example.com/login'] }),
      rec({ line: 3, title: CAFE, username: 'zoë@example.ch', password: 'Grüße!1', urls: ['https://cafe.example.ch/'], notes: 'multi\nline note' }),
      rec({ line: 5, title: 'nameless.example.org', username: 'carol', password: ' spaced pw ', urls: ['https://nameless.example.org/'] }),
    ]);
    expect(r.rows).toBe(3);
  });
});

describe('firefox', () => {
  it('imports logins and reports the Firefox Sync row as skipped with a reason', async () => {
    const r = await parseAs('firefox', fixture('firefox.csv'));
    expect(r.records).toEqual([
      rec({ line: 2, title: 'accounts.example.com', username: 'alice', password: 's3cr3t', urls: ['https://accounts.example.com'] }),
      rec({ line: 4, title: 'intranet.example.com', username: 'bob', password: 'pässwörd', urls: ['https://intranet.example.com'], fields: [{ name: 'HTTP realm', value: 'Intranet realm', hidden: false }] }),
    ]);
    expect(r.skipped).toEqual([{ line: 3, reason: expect.stringContaining('chrome://FirefoxAccounts') }]);
    expect(r.rows).toBe(3);
  });
});

describe('safari', () => {
  it('imports the new header (with Notes) and its OTPAuth URIs', async () => {
    const r = await parseAs('safari', fixture('safari.csv'));
    expect(r.records).toEqual([
      rec({ line: 2, title: 'example.com (alice)', username: 'alice', password: 'pw1', urls: ['https://example.com/'], totp: 'otpauth://totp/example.com:alice?secret=JBSWY3DPEHPK3PXP&issuer=example.com' }),
      rec({ line: 3, title: CAFE, username: 'zoë', password: 'pw2', urls: ['https://cafe.example.ch/'], notes: 'Note with "quotes"\nand a second line' }),
    ]);
  });

  it('imports the old header without Notes', async () => {
    const r = await parseAs('safari', textInput('Title,URL,Username,Password,OTPAuth\nA,https://a.example,u,p,\n'));
    expect(r.records).toEqual([rec({ line: 2, title: 'A', username: 'u', password: 'p', urls: ['https://a.example'] })]);
  });
});

describe('bitwarden-csv', () => {
  it('imports logins with several URIs and `name: value` fields, and notes', async () => {
    const r = await parseAs('bitwarden-csv', fixture('bitwarden-csv.csv'));
    expect(r.records).toEqual([
      rec({
        line: 2, title: CAFE, username: 'alice', password: 'pa,ss', urls: ['https://cafe.example.ch', 'https://m.cafe.example.ch'],
        notes: 'Two\nlines', folder: 'Social', totp: CAFE_TOTP, favorite: true,
        fields: [{ name: 'PIN', value: '1234', hidden: false }, { name: 'Recovery email', value: 'a@b.example', hidden: false }],
      }),
      rec({ line: 5, type: 'note', title: 'Door codes', notes: 'Front: 1234\nBack: 5678' }),
      rec({ line: 7, title: 'Router', username: 'admin', password: 'admin', urls: ['http://192.168.1.1'], folder: 'Work/Servers' }),
    ]);
    expect(r.folders).toEqual(['Social', 'Work/Servers']);
  });
});

describe('1password-csv (BOM + CRLF)', () => {
  it('imports favourites, archived items, tags and a bare TOTP secret', async () => {
    const r = await parseAs('1password-csv', fixture('1password-csv.csv'));
    expect(r.records).toEqual([
      rec({ line: 2, title: CAFE, username: 'alice', password: 'pw1', urls: ['https://cafe.example.ch'], totp: CAFE_TOTP, favorite: true }),
      rec({
        line: 3, title: 'Old forum', username: 'bob', password: 'pw2', urls: ['https://forum.example.org'], notes: 'He said "hi"\nthen left',
        fields: [{ name: 'Tags', value: 'legacy;forums', hidden: false }, { name: 'Archived in 1Password', value: 'yes', hidden: false }],
      }),
    ]);
  });

  it('accepts the 1Password 7 header spelling (Url, OTPAuth)', async () => {
    const r = await parseAs('1password-csv', textInput('Title,Url,Username,Password,OTPAuth,Notes\nA,https://a.example,u,p,JBSWY3DPEHPK3PXP,n\n'));
    expect(r.records).toEqual([rec({ line: 2, title: 'A', username: 'u', password: 'p', urls: ['https://a.example'], notes: 'n', totp: 'otpauth://totp/A?secret=JBSWY3DPEHPK3PXP' })]);
  });
});

describe('keepassxc-csv', () => {
  it('drops the root group from folder paths and keeps TOTP URIs', async () => {
    const r = await parseAs('keepassxc-csv', fixture('keepassxc-csv.csv'));
    expect(r.records).toEqual([
      rec({ line: 2, title: 'Mail', username: 'alice@example.com', password: 'pw1', urls: ['https://mail.example.com'], totp: 'otpauth://totp/Mail:alice?secret=JBSWY3DPEHPK3PXP&period=30&digits=6&issuer=Mail' }),
      rec({ line: 3, title: CAFE, username: 'root', password: 'p"w2', urls: ['ssh://db.internal'], notes: 'line 1\nline 2', folder: 'Work/Servers' }),
    ]);
  });
});

describe('keeper-csv (no header, CRLF)', () => {
  it('reads fixed columns, custom field pairs and the TFC:Keeper TOTP', async () => {
    const r = await parseAs('keeper-csv', fixture('keeper-csv.csv'));
    expect(r.records).toEqual([
      rec({ line: 1, title: CAFE, username: 'alice', password: 'pw1', urls: ['https://cafe.example.ch'], notes: 'Multi\nline', folder: 'Work', totp: 'otpauth://totp/Keeper:alice?secret=JBSWY3DPEHPK3PXP&issuer=Keeper', fields: [{ name: 'PIN', value: '1234', hidden: false }] }),
      rec({ line: 3, title: 'Router', username: 'admin', password: 'admin', urls: ['http://192.168.1.1'], folder: 'Shared Team' }),
      rec({ line: 4, title: 'Bank', username: 'bob', password: 'hun"ter2', urls: ['https://bank.example.com'], folder: 'Personal/Banking' }),
    ]);
  });
});

describe('nordpass', () => {
  it('turns folder rows into folders and maps logins, notes, cards and identities', async () => {
    const r = await parseAs('nordpass', fixture('nordpass.csv'));
    expect(r.records).toEqual([
      rec({ line: 4, title: CAFE, username: 'alice', password: 'pw,1', urls: ['https://cafe.example.ch', 'https://m.cafe.example.ch'], notes: 'two\nlines', folder: 'Work' }),
      rec({ line: 6, type: 'note', title: 'Wi-Fi', notes: 'WPA key: abc' }),
      rec({ line: 7, type: 'card', title: 'Visa', fields: [
        { name: 'Cardholder name', value: 'Alice Example', hidden: false },
        { name: 'Card number', value: '4111111111111111', hidden: true },
        { name: 'Security code', value: '123', hidden: true },
        { name: 'Expiry date', value: '12/30', hidden: false },
        { name: 'ZIP code', value: '8001', hidden: false },
      ] }),
      rec({ line: 8, type: 'identity', title: 'Me', fields: [
        { name: 'Full name', value: 'Alice Example', hidden: false },
        { name: 'Email', value: 'alice@example.com', hidden: false },
        { name: 'Phone', value: '+41 44 000 00 00', hidden: false },
        { name: 'Address line 1', value: 'Bahnhofstrasse 1', hidden: false },
        { name: 'City', value: 'Zürich', hidden: false },
        { name: 'State', value: 'ZH', hidden: false },
        { name: 'ZIP code', value: '8001', hidden: false },
        { name: 'Country', value: 'CH', hidden: false },
      ] }),
    ]);
    expect(r.folders).toEqual(['Empty folder', 'Work']);
    expect(r.skipped.map((s) => s.line)).toEqual([2, 3]);
  });
});

describe('protonpass CSV', () => {
  it('splits comma-joined URLs, keeps email beside username, uses the vault as folder', async () => {
    const r = await parseAs('protonpass', fixture('protonpass.csv'));
    expect(r.records).toEqual([
      rec({ line: 2, title: CAFE, username: 'alice', password: 'pw1', urls: ['https://cafe.example.ch', 'https://m.cafe.example.ch'], notes: 'multi\nline', folder: 'Personal', totp: 'otpauth://totp/Cafe:alice?secret=JBSWY3DPEHPK3PXP', fields: [{ name: 'Email', value: 'alice@example.com', hidden: false }] }),
      rec({ line: 4, type: 'note', title: 'Door codes', notes: 'Front 1234', folder: 'Personal' }),
      rec({ line: 5, title: 'Shopping alias', username: 'shop.alias@example.net', folder: 'Work' }),
    ]);
  });
});

describe('generic-csv', () => {
  it('guesses the columns and keeps unmapped ones as custom fields', async () => {
    const r = await parseAs('generic-csv', fixture('generic-csv.csv'));
    expect(r.records).toEqual([
      rec({ line: 2, title: CAFE, username: 'alice', password: 'pw1', urls: ['https://cafe.example.ch'], notes: 'two\nlines', folder: 'Work/Social', totp: CAFE_TOTP, fields: [{ name: 'Security question', value: 'Blue', hidden: false }] }),
      rec({ line: 4, title: 'Router', username: 'admin', password: 'admin', urls: ['http://192.168.1.1'] }),
    ]);
  });
});
