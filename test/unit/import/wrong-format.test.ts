import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fixture } from './fixture-input';
import { bytesOf, detected, LASTPASS_HEADER, NORDPASS_HEADER, onePux, onePuxItem, parsed } from './support/hostile-inputs';

describe('detection never picks a format that corrupts the data', () => {
  it('a headed CSV with 7+ columns (Dashlane payments) is not taken for Keeper: no card number lands in a password', async () => {
    const text = 'type,account_name,account_holder,cc_number,code,expiration_month,expiration_year,routing_number,account_number,country,issuing_bank\npayment_card,,Jo,4111111111111111,123,01,2030,,,US,\n';
    expect(detected(bytesOf(text))).not.toBe('keeper-csv');
    await expect(parsed(bytesOf(text))).rejects.toMatchObject({ code: 'unrecognized_format' });
  });

  it('a CSV with a Tags column is read as generic CSV, not refused as Safari', async () => {
    const text = 'name,username,password,tags\nMail,me,pw,work\n';
    expect(detected(bytesOf(text))).toBe('generic-csv');
    const r = await parsed(bytesOf(text));
    expect(r.records).toHaveLength(1);
  });

  it('an older Proton Pass CSV (no type column) keeps its TOTP and vault', async () => {
    const text = 'name,url,email,username,password,note,totp,createTime,modifyTime,vault\nMail,https://mail.example.com,me@example.com,,pw,,JBSWY3DPEHPK3PXP,1,2,Personal\n';
    expect(detected(bytesOf(text))).toBe('protonpass');
    const r = await parsed(bytesOf(text));
    expect(r.records[0]).toMatchObject({ type: 'login', folder: 'Personal', totp: expect.stringContaining('JBSWY3DPEHPK3PXP') });
  });

  it('a legacy NordPass CSV (no type column) keeps its folder and its cards', async () => {
    const text = 'name,url,username,password,note,cardholdername,cardnumber,cvc,expirydate,zipcode,folder,full_name,phone_number,email,address1,address2,city,country,state\nMail,https://mail.example.com,me,pw,,,,,,,Work,,,,,,,,\nVisa,,,,,Jo,4111111111111111,123,01/30,,,,,,,,,,\n';
    expect(detected(bytesOf(text))).toBe('nordpass');
    const r = await parsed(bytesOf(text));
    expect(r.records.map((x) => [x.type, x.folder])).toEqual([['login', 'Work'], ['card', null]]);
  });

  it('a NUL byte in the first 4 KB does not make a Chrome export unrecognisable', async () => {
    const text = 'name,url,username,password\nMail,https://mail.example.com,me,p\u0000w\nBank,https://bank.example.com,you,pw2\n';
    expect(detected(bytesOf(text))).toBe('chrome');
    expect((await parsed(bytesOf(text))).records).toHaveLength(2);
  });

  it('one invalid UTF-8 byte reports its row and keeps every other non-ASCII password intact', async () => {
    const good = new TextEncoder().encode('name,url,username,password\nA,https://a.example.com,me,pässwörd€0\n');
    const bad = new Uint8Array([...new TextEncoder().encode('B,https://b.example.com,you,x'), 0xff, 0x0a]);
    const bytes = new Uint8Array([...good, ...bad]);
    const r = await parsed({ bytes });
    expect(r.records.map((x) => x.password)).toEqual(['pässwörd€0']);
    expect(r.errors).toEqual([{ line: 3, message: expect.stringMatching(/not valid UTF-8/) }]);
  });

  it('a BOM plus one bad byte is still LastPass', async () => {
    const body = new TextEncoder().encode(`${LASTPASS_HEADER}\nhttps://a.example.com,me,pw,,,Site,,0\nhttps://b.example.com,me,p`);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...body, 0xc3, 0x28, ...new TextEncoder().encode(',,,Other,,0\n')]);
    expect(detected({ bytes })).toBe('lastpass');
    const r = await parsed({ bytes });
    expect(r.records).toHaveLength(1);
    expect(r.errors).toEqual([{ line: 3, message: expect.stringMatching(/not valid UTF-8/) }]);
  });

  it('a Windows-1252 file (no UTF-8 anywhere) is still read as Windows-1252', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('name,url,username,password\nA,https://a.example.com,me,p'), 0xe4, 0x80, 0x0a]);
    expect((await parsed({ bytes })).records[0]?.password).toBe('pä€');
  });

  it('Proton Pass JSON with more than 64 bytes of leading whitespace, or in UTF-16, is parsed as JSON', async () => {
    const json = JSON.stringify({ encrypted: false, vaults: { v: { name: 'Personal', items: [{ state: 1, data: { type: 'login', metadata: { name: 'Mail' }, content: { itemUsername: 'me', password: 'pw', urls: [] } } }] } } });
    const spaced = bytesOf(`${' '.repeat(100)}${json}`);
    expect(detected(spaced)).toBe('protonpass');
    expect((await parsed(spaced)).records).toHaveLength(1);
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(json, 'utf16le'))]);
    expect((await parsed({ bytes: utf16 })).records).toHaveLength(1);
  });

  it('a CSV format forced on a kdbx or a zip is refused, not read as rows of garbage', async () => {
    await expect(parsed(fixture('kdbx.kdbx'), 'keeper-csv')).rejects.toMatchObject({ code: 'unrecognized_format' });
    await expect(parsed(fixture('dashlane.zip'), 'keeper-csv')).rejects.toMatchObject({ code: 'unrecognized_format' });
    await expect(parsed(fixture('dashlane.zip'), 'generic-csv')).rejects.toMatchObject({ code: 'unrecognized_format' });
    await expect(parsed(fixture('kdbx.kdbx'), 'lastpass')).rejects.toMatchObject({ code: 'unrecognized_format' });
  });

  it('type names that are Object.prototype members are plain unknown types', async () => {
    const lastpass = `${LASTPASS_HEADER}\nhttp://sn,,,,"NoteType:constructor\nNotes:hello",Odd note,,0\n`;
    const r = await parsed(bytesOf(lastpass));
    expect(r.records[0]?.type).toBe('note');
    const pux = await parsed({ bytes: onePux({ accounts: [{ vaults: [{ items: [onePuxItem('Odd', { categoryUuid: 'constructor' })] }] }] }) });
    expect(pux.records[0]?.type).toBe('note');
  });
});

describe('errors never print a cell', () => {
  const secret = 'hunter2-secret-cell';

  it('NordPass unknown type', async () => {
    const r = await parsed(bytesOf(`${NORDPASS_HEADER}\nX,,,,,,,,,,,,,,,,,,,,${secret}\n`));
    expect(r.errors).toHaveLength(1);
    expect(JSON.stringify([r.errors, r.skipped])).not.toContain(secret);
  });

  it('Proton Pass and Bitwarden CSV unknown types', async () => {
    const proton = await parsed(bytesOf(`type,name,url,email,username,password,note,totp,createTime,modifyTime,vault\n${secret},A,,,,,,,,,V\n`));
    expect(proton.skipped).toHaveLength(1);
    const bitwarden = await parsed(bytesOf(`folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n,,${secret},A,,,0,,,,\n`));
    expect(bitwarden.skipped).toHaveLength(1);
    expect(JSON.stringify([proton.skipped, bitwarden.skipped])).not.toContain(secret);
  });

  it('Bitwarden and Proton Pass JSON unknown types', async () => {
    const bw = await parsed(bytesOf(JSON.stringify({ encrypted: false, folders: [], items: [{ type: secret, name: 'A' }] })));
    const pp = await parsed(bytesOf(JSON.stringify({ encrypted: false, vaults: { v: { name: 'V', items: [{ state: 1, data: { type: secret, metadata: { name: 'A' } } }] } } })));
    expect(bw.skipped).toHaveLength(1);
    expect(pp.skipped).toHaveLength(1);
    expect(JSON.stringify([bw.skipped, pp.skipped])).not.toContain(secret);
  });

  it('a zip bomb is refused without naming the entry', () => {
    const bomb = zipSync({ [secret]: new Uint8Array(2 * 1024 * 1024) }, { level: 9 });
    return expect(parsed({ bytes: bomb }, 'dashlane')).rejects.toSatisfy((e: { publicMessage: string }) => !e.publicMessage.includes(secret));
  });
});

describe('zip name listing', () => {
  it('still detects a Dashlane zip by its entry names', () => {
    expect(detected({ bytes: zipSync({ 'credentials.csv': strToU8('username,title,password\n') }) })).toBe('dashlane');
  });
});

describe('invalid UTF-8 in JSON', () => {
  it('reports the item with the bad byte and keeps every other non-ASCII value intact', async () => {
    const head = new TextEncoder().encode('{"encrypted":false,"folders":[],"items":[{"type":1,"name":"Good","login":{"username":"a","password":"pässwörd€0"}},{"type":1,"name":"Bad');
    const tail = new TextEncoder().encode('","login":{"username":"b","password":"x"}}]}');
    const r = await parsed({ bytes: new Uint8Array([...head, 0xff, ...tail]) });
    expect(r.records.map((x) => x.password)).toEqual(['pässwörd€0']);
    expect(r.errors).toEqual([{ line: 2, message: expect.stringMatching(/not valid UTF-8/) }]);
  });
});

describe('invalid UTF-8 in KeePass XML', () => {
  it('reports the entry with the bad byte; the others import', async () => {
    const entry = (title: string): string => `<Entry><String><Key>Title</Key><Value>${title}</Value></String><String><Key>Password</Key><Value>pässwörd</Value></String></Entry>`;
    const head = new TextEncoder().encode(`<KeePassFile><Root><Group><Name>Db</Name>${entry('Good')}<Entry><String><Key>Title</Key><Value>Bad`);
    const tail = new TextEncoder().encode(`</Value></String></Entry></Group></Root></KeePassFile>`);
    const r = await parsed({ bytes: new Uint8Array([...head, 0xff, ...tail]) });
    expect(r.records.map((x) => [x.title, x.password])).toEqual([['Good', 'pässwörd']]);
    expect(r.errors).toEqual([{ line: 2, message: expect.stringMatching(/not valid UTF-8/) }]);
  });
});
