import { describe, expect, it } from 'vitest';
import { fixture, parseAs, textInput } from './fixture-input';

describe('malformed rows', () => {
  it('reports each bad row at its physical line while the good rows import', async () => {
    const r = await parseAs('lastpass', fixture('malformed/lastpass-bad-rows.csv'));
    // Line 4 has no title or password but a URL and a username: still a login, titled by host.
    // Line 8's invalid TOTP costs the row only its TOTP, which is reported.
    expect(r.records.map((x) => [x.line, x.title])).toEqual([[2, 'Good one'], [4, 'x.example.com'], [5, 'Good two'], [8, 'Bad TOTP'], [10, 'Good three']]);
    expect(r.records.find((x) => x.line === 8)).toMatchObject({ password: 'pw5', totp: null });
    expect(r.errors).toEqual([
      { line: 3, message: 'Expected 8 columns but found 3' },
      { line: 11, message: 'A quoted field is never closed (missing "); this line was not imported' },
    ]);
    expect(r.warnings).toEqual([{ line: 8, message: 'The one-time password secret is not valid base32; the item was imported without it' }]);
    expect(r.skipped).toEqual([{ line: 9, reason: 'Empty row' }]);
    expect(r.rows).toBe(8);
  });

  it('flags extra non-empty columns but tolerates an empty trailing one (spreadsheet padding)', async () => {
    const r = await parseAs('chrome', fixture('malformed/chrome-extra-columns.csv'));
    expect(r.records.map((x) => x.line)).toEqual([2, 4]);
    expect(r.errors).toEqual([{ line: 3, message: 'Expected 4 columns but found 5' }]);
  });

  it('reports a Keeper row that is too short', async () => {
    const r = await parseAs('keeper-csv', textInput('Work,Title,login,pw,https://x.example,,\nshort,row\n'));
    expect(r.errors).toEqual([{ line: 2, message: 'Expected at least 6 columns but found 2' }]);
    expect(r.records).toHaveLength(1);
  });

  it('reports an unknown NordPass type as an error, not a silent drop', async () => {
    const header = 'name,url,additional_urls,username,password,note,cardholdername,cardnumber,cvc,expirydate,zipcode,folder,full_name,phone_number,email,address1,address2,city,country,state,type\n';
    const r = await parseAs('nordpass', textInput(`${header}X,,,,,,,,,,,,,,,,,,,,passkey\n`));
    expect(r.errors).toEqual([{ line: 2, message: expect.stringContaining('"type" column') }]);
    expect(JSON.stringify(r)).not.toContain('passkey');
  });
});
