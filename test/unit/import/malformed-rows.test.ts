import { describe, expect, it } from 'vitest';
import { fixture, parseAs, textInput } from './fixture-input';

describe('malformed rows', () => {
  it('reports each bad row at its physical line while the good rows import', async () => {
    const r = await parseAs('lastpass', fixture('malformed/lastpass-bad-rows.csv'));
    expect(r.records.map((x) => [x.line, x.title])).toEqual([[2, 'Good one'], [5, 'Good two'], [10, 'Good three']]);
    expect(r.errors).toEqual([
      { line: 3, message: 'Expected 8 columns but found 3' },
      { line: 4, message: 'Row has neither a title nor a password' },
      { line: 8, message: 'The one-time password secret is not valid base32' },
      { line: 11, message: 'A quoted field is never closed (missing ")' },
    ]);
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
    expect(r.errors).toEqual([{ line: 2, message: 'Unknown NordPass item type "passkey"' }]);
  });
});
