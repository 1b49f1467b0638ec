import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fixture, parseAs } from './fixture-input';
import { bytesOf, detected, indexOfBytes, LASTPASS_HEADER, lastpassRows, onePux, onePuxItem, parsed } from './support/hostile-inputs';

/** Rows silently lost: each case below used to exit 0 with rows missing and nothing reported. */
describe('quotes never swallow rows', () => {
  it('an unclosed quote in a data row costs that line only; every later row imports', async () => {
    const rows = lastpassRows(10);
    rows[2] = 'https://s3.example.com,user3,pw3,,"never closed,Site 3,,0';
    const r = await parsed(bytesOf([LASTPASS_HEADER, ...rows].join('\n')));
    expect(r.format).toBe('lastpass');
    expect(r.records.map((x) => x.title)).toEqual(['Site 1', 'Site 2', 'Site 4', 'Site 5', 'Site 6', 'Site 7', 'Site 8', 'Site 9', 'Site 10']);
    expect(r.errors).toEqual([{ line: 4, message: expect.stringMatching(/never closed/) }]);
    expect(r.rows).toBe(10);
  });

  it('an unclosed quote in the header refuses the file instead of reporting 0 rows and no error', async () => {
    const text = ['"url,username,password,totp,extra,name,grouping,fav', ...lastpassRows(3)].join('\n');
    await expect(parsed(bytesOf(text))).rejects.toMatchObject({ code: 'unrecognized_format' });
    await expect(parsed(bytesOf(text), 'lastpass')).rejects.toMatchObject({ code: 'unreadable_file', publicMessage: expect.stringMatching(/header row \(line 1\)/) });
  });

  it('a stray quote that closes on a later line mid-value does not merge two rows into one', async () => {
    const rows = lastpassRows(4);
    // Opens at the start of "extra" on line 3 and closes inside line 4's "password" cell.
    rows[1] = 'https://s2.example.com,user2,pw2,,"oops,Site 2,,0';
    rows[2] = 'https://s3.example.com,user3,p"w3,,,Site 3,,0';
    const r = await parsed(bytesOf([LASTPASS_HEADER, ...rows].join('\n')), 'lastpass');
    expect(r.errors).toEqual([{ line: 3, message: expect.stringMatching(/stray "/) }]);
    expect(r.records.map((x) => [x.line, x.title, x.password])).toEqual([
      [2, 'Site 1', 'pw1'],
      [4, 'Site 3', 'p"w3'],
      [5, 'Site 4', 'pw4'],
    ]);
    expect(r.records.length + r.errorCount + r.skippedCount).toBe(r.rows);
  });

  it('still reads a well-formed multi-line note', async () => {
    const text = [LASTPASS_HEADER, 'https://a.example.com,me,pw,,"line one\nline two, with a comma",Note site,,0', ...lastpassRows(1, 2)].join('\n');
    const r = await parsed(bytesOf(text));
    expect(r.errors).toEqual([]);
    expect(r.records.map((x) => [x.line, x.notes])).toEqual([[2, 'line one\nline two, with a comma'], [4, '']]);
  });
});

describe('damaged zips are refused, never read short', () => {
  it('refuses an archive with two entries of the same name (one would be lost)', async () => {
    const header = 'username,username2,username3,title,password,note,url,category,otpSecret';
    const zip = zipSync({ 'credentials.csv': strToU8(`${header}\na,,,One,pw1,,https://one.example,,\n`), 'credentials.cvs': strToU8(`${header}\nb,,,Two,pw2,,https://two.example,,\n`) }, { level: 0 });
    // Rename the second entry to the first's name in both its local and central headers.
    const bytes = zip.slice();
    const wrong = strToU8('credentials.cvs');
    for (let at = indexOfBytes(bytes, wrong); at !== -1; at = indexOfBytes(bytes, wrong)) bytes.set(strToU8('credentials.csv'), at);
    expect(detected({ bytes })).toBe('dashlane');
    await expect(parsed({ bytes })).rejects.toMatchObject({ code: 'unreadable_file', publicMessage: expect.stringMatching(/same name/) });
  });

  it('refuses an entry whose data no longer matches its CRC (a TOTP secret cut or altered)', async () => {
    const data = { accounts: [{ vaults: [{ attrs: { name: 'V' }, items: [onePuxItem('Mail')] }] }] };
    const zip = onePux(data);
    const at = indexOfBytes(zip, strToU8('pw-Mail'));
    const bytes = zip.slice();
    bytes[at] = 'P'.charCodeAt(0);
    await expect(parsed({ bytes })).rejects.toMatchObject({ code: 'unreadable_file', publicMessage: expect.stringMatching(/checksum/) });
    expect((await parsed({ bytes: zip })).records).toHaveLength(1);
  });
});

describe('unknown structure is refused, never an empty success', () => {
  it('reads KeePass XML entries placed directly under <Root>', async () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?><KeePassFile><Root>
      <Entry><String><Key>Title</Key><Value>Loose</Value></String><String><Key>Password</Key><Value>pw</Value></String></Entry>
      <Group><Name>Database</Name><Entry><String><Key>Title</Key><Value>Grouped</Value></String><String><Key>Password</Key><Value>pw2</Value></String></Entry></Group>
    </Root></KeePassFile>`;
    const r = await parsed(bytesOf(xml));
    expect(r.records.map((x) => [x.title, x.folder])).toEqual([['Loose', null], ['Grouped', null]]);
  });

  it('refuses a 1PUX whose export.data has no "accounts" list (exit 2, not 0 records)', async () => {
    const bytes = onePux({ accountz: [{ vaults: [{ items: [onePuxItem('Mail')] }] }] });
    await expect(parsed({ bytes })).rejects.toMatchObject({ code: 'unrecognized_format', publicMessage: expect.stringMatching(/accounts/) });
  });

  it('refuses a 1PUX vault without an items list', async () => {
    const bytes = onePux({ accounts: [{ vaults: [{ attrs: { name: 'V' }, entries: [] }] }] });
    await expect(parsed({ bytes })).rejects.toMatchObject({ code: 'unrecognized_format' });
  });
});

describe('Keeper CSV whose first password is "password"', () => {
  it('is still Keeper, and its first row is a record, not a header', async () => {
    const text = ['Work,Mail,alice,password,https://mail.example.com,,', 'Work,Bank,bob,s3cret,https://bank.example.com,,', ',Shop,carol,pw,https://shop.example.com,,'].join('\n');
    expect(detected(bytesOf(text))).toBe('keeper-csv');
    const r = await parsed(bytesOf(text));
    expect(r.records.map((x) => [x.title, x.username, x.password])).toEqual([['Mail', 'alice', 'password'], ['Bank', 'bob', 's3cret'], ['Shop', 'carol', 'pw']]);
  });
});

describe('one bad record is one error; the rest imports', () => {
  it('a lone surrogate in a JSON title next to a TOTP secret', async () => {
    const json = `{"encrypted":false,"folders":[],"items":[
      {"type":1,"name":"Bad \\ud800 title","login":{"username":"a","password":"pw1","totp":"JBSWY3DPEHPK3PXP","uris":[]}},
      {"type":1,"name":"Good","login":{"username":"b","password":"pw2","uris":[]}}]}`;
    const r = await parsed(bytesOf(json));
    expect(r.format).toBe('bitwarden-json');
    expect(r.records.map((x) => x.title)).toEqual(['Bad \uFFFD title', 'Good']);
    expect(r.records[0]?.totp).toMatch(/^otpauth:\/\/totp\/Bad%20%EF%BF%BD%20title\?secret=JBSWY3DPEHPK3PXP$/);
  });

  it('a lone surrogate character reference in KeePass XML', async () => {
    const xml = `<KeePassFile><Root><Group><Name>Db</Name><Entry><String><Key>Title</Key><Value>x&#xD800;y</Value></String><String><Key>otp</Key><Value>JBSWY3DPEHPK3PXP</Value></String></Entry></Group></Root></KeePassFile>`;
    const r = await parsed(bytesOf(xml));
    expect(r.records).toHaveLength(1);
    expect(r.records[0]?.title).toBe('x\uFFFDy');
  });

  it('a 1PUX date of 1e20 keeps the number instead of ending the import', async () => {
    const odd = onePuxItem('Odd', { details: { password: 'pw', sections: [{ fields: [{ title: 'Born', value: { date: 1e20 } }] }] } });
    const r = await parsed({ bytes: onePux({ accounts: [{ vaults: [{ items: [odd, onePuxItem('Fine')] }] }] }) });
    expect(r.records.map((x) => x.title)).toEqual(['Odd', 'Fine']);
    expect(r.records[0]?.fields).toEqual([{ name: 'Born', value: '100000000000000000000', hidden: false }]);
  });

  it('a Keeper custom field nested 5,000 objects deep', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const json = `{"records":[{"title":"Deep","login":"a","password":"p","custom_fields":{"x":${deep}}},{"title":"Fine","login":"b","password":"q"}]}`;
    const r = await parsed(bytesOf(json));
    expect(r.format).toBe('keeper-json');
    expect(r.records.map((x) => x.title)).toEqual(['Fine']);
    expect(r.errors).toEqual([{ line: 1, message: expect.stringMatching(/nested more than 64 levels/) }]);
  });

  it('KeePass groups nested 5,000 deep: the shallow entries import, the deep one is reported', async () => {
    const entry = (title: string): string => `<Entry><String><Key>Title</Key><Value>${title}</Value></String><String><Key>Password</Key><Value>pw</Value></String></Entry>`;
    const xml = `<KeePassFile><Root><Group><Name>Db</Name>${entry('Top')}${'<Group><Name>g</Name>'.repeat(5000)}${entry('Bottom')}${'</Group>'.repeat(5000)}</Group></Root></KeePassFile>`;
    const r = await parsed(bytesOf(xml));
    expect(r.records.map((x) => x.title)).toEqual(['Top']);
    expect(r.errors).toEqual([{ line: 2, message: expect.stringMatching(/nested more than 64 levels/) }]);
  });
});

describe('inputs that used to hang', () => {
  it('a note of 300,000 spaces followed by text', async () => {
    const text = `${LASTPASS_HEADER}\nhttps://a.example.com,me,pw,,"${' '.repeat(300_000)}x${' '.repeat(10)}",Site,,0\n`;
    const r = await parsed(bytesOf(text));
    expect(r.records[0]?.notes).toBe(`${' '.repeat(300_000)}x`);
  });

  it('100,000 URLs in one Bitwarden cell are de-duplicated', async () => {
    const urls = Array.from({ length: 100_000 }, (_, i) => `https://h${i % 50_000}.example.com`).join(',');
    const text = `folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n,,login,Many,,,0,"${urls}",me,pw,\n`;
    const r = await parsed(bytesOf(text));
    expect(r.format).toBe('bitwarden-csv');
    expect(r.records[0]?.urls).toHaveLength(50_000);
  });

  it('a TOTP cell of 300,000 "=" is reported, and the row keeps its password', async () => {
    const text = `${LASTPASS_HEADER}\nhttps://a.example.com,me,pw,A${'='.repeat(300_000)}B,,Site,,0\n`;
    const r = await parsed(bytesOf(text));
    expect(r.records[0]).toMatchObject({ password: 'pw', totp: null });
    expect(r.warnings).toHaveLength(1);
  });
});

describe('parsers still read the fixtures after the hardening', () => {
  it('reads the 1PUX fixture', async () => {
    expect((await parseAs('1password-1pux', fixture('1password-1pux.1pux'))).records.length).toBeGreaterThan(0);
  });
});
