import { describe, expect, it } from 'vitest';
import { previewImport } from '../../../main/import/preview-import';
import { bytesOf, LASTPASS_HEADER, parsed } from './support/hostile-inputs';

/** What real exports write: notes-only entries, TOTP that does not parse, half-filled browser logins, folder paths. */
describe('import fidelity on real exports', () => {
  it('a KeePass entry holding only notes is a secure note', async () => {
    const xml = `<KeePassFile><Root><Group><Name>Db</Name>
      <Entry><String><Key>Title</Key><Value>Wifi at home</Value></String><String><Key>Notes</Key><Value>SSID x, key y</Value></String><String><Key>UserName</Key><Value></Value></String></Entry>
      <Entry><String><Key>Title</Key><Value>Mail</Value></String><String><Key>UserName</Key><Value>me</Value></String><String><Key>Notes</Key><Value>n</Value></String></Entry>
    </Group></Root></KeePassFile>`;
    const r = await parsed(bytesOf(xml));
    expect(r.records.map((x) => [x.title, x.type])).toEqual([['Wifi at home', 'note'], ['Mail', 'login']]);
  });

  it('a Keeper entry (CSV and JSON) holding only notes is a secure note', async () => {
    const csv = await parsed(bytesOf('Personal,Wifi,,,,"SSID x\nkey y",\nWork,Mail,me,pw,https://mail.example.com,,\n'), 'keeper-csv');
    expect(csv.records.map((x) => [x.title, x.type, x.notes])).toEqual([['Wifi', 'note', 'SSID x\nkey y'], ['Mail', 'login', '']]);
    const json = await parsed(bytesOf(JSON.stringify({ records: [{ title: 'Wifi', notes: 'SSID x' }, { title: 'Mail', login: 'me', password: 'pw' }] })));
    expect(json.records.map((x) => [x.title, x.type])).toEqual([['Wifi', 'note'], ['Mail', 'login']]);
  });

  it('an invalid TOTP value never costs the row its password: the row imports and the TOTP is reported', async () => {
    const r = await parsed(bytesOf(`${LASTPASS_HEADER}\nhttps://a.example.com,me,pw-kept,otpauth://totp/x?secret=not*base32,,Site,,0\n`));
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({ password: 'pw-kept', totp: null });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([{ line: 2, message: expect.stringMatching(/one-time password.*imported without it/) }]);
    expect(previewImport(r, []).problems).toBe(1);
  });

  it('a browser login with an empty username or an empty password is still a login', async () => {
    const r = await parsed(bytesOf('name,url,username,password\n,https://a.example.com,,pw\n,https://b.example.com,me,\n,,,\n'));
    expect(r.format).toBe('chrome');
    expect(r.records.map((x) => [x.title, x.type, x.username, x.password])).toEqual([
      ['a.example.com', 'login', '', 'pw'],
      ['b.example.com', 'login', 'me', ''],
    ]);
    expect(r.skipped).toEqual([{ line: 4, reason: 'Empty row' }]);
  });

  it('folder counts count distinct paths, however each was written', async () => {
    const text = [
      LASTPASS_HEADER,
      'https://a.example.com,me,pw,,,A,Work\\Servers,0',
      'https://b.example.com,me,pw,,,B,Work\\Servers\\,0',
      'https://c.example.com,me,pw,,,C, Work \\ Servers ,0',
      'https://d.example.com,me,pw,,,D,Work,0',
    ].join('\n');
    const r = await parsed(bytesOf(text));
    expect(r.folders).toEqual(['Work', 'Work/Servers']);
    const nord = await parsed(
      bytesOf('name,url,additional_urls,username,password,note,cardholdername,cardnumber,cvc,expirydate,zipcode,folder,full_name,phone_number,email,address1,address2,city,country,state,type\n Team ,,,,,,,,,,,,,,,,,,,,folder\nMail,,,me,pw,,,,,,,Team,,,,,,,,,password\n'),
    );
    expect(nord.folders).toEqual(['Team']);
    expect(previewImport(nord, []).folders).toBe(1);
    // A KeePass group with a blank name adds no level: "Work" and "Work/" are one path.
    const entry = (title: string): string => `<Entry><String><Key>Title</Key><Value>${title}</Value></String><String><Key>Password</Key><Value>pw</Value></String></Entry>`;
    const xml = `<KeePassFile><Root><Group><Name>Db</Name><Group><Name>Work</Name>${entry('A')}<Group><Name> </Name>${entry('B')}</Group></Group></Group></Root></KeePassFile>`;
    const keepass = await parsed(bytesOf(xml));
    expect(keepass.folders).toEqual(['Work']);
    expect(keepass.records.map((x) => x.folder)).toEqual(['Work', 'Work']);
  });
});
