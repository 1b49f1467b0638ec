import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseImport } from '../../../main/import/detect-format';
import { AppError } from '../../../main/errors/app-error';
import type { ParseResult } from '../../../main/import/imported-record';

/**
 * Property tests over the CSV, JSON, XML and zip readers. For any input a parser
 *  - ends (a hang-detector bound, far above what these small inputs need: not a speed check),
 *  - never throws past its boundary: it returns a result or an AppError with a code,
 *  - accounts for every row: records + errors + skipped === rows, and rows equals the rows an
 *    independent count sees where one can be made.
 * Runs are kept modest so the whole file stays well inside a minute.
 */
const HANG_BOUND_MS = 10_000;
const RUNS = 60;

type Outcome = { readonly result: ParseResult } | { readonly refused: AppError };

async function parseBounded(bytes: Uint8Array, format?: string): Promise<Outcome> {
  const started = performance.now();
  let outcome: Outcome;
  try {
    const result = await parseImport({ bytes }, format === undefined ? {} : { format, password: 'x' });
    outcome = { result };
  } catch (err) {
    // Anything but an AppError escaping a parser is a crash ("unexpected failure" in the CLI).
    if (!(err instanceof AppError)) throw err;
    outcome = { refused: err };
  }
  expect(performance.now() - started).toBeLessThan(HANG_BOUND_MS);
  if ('result' in outcome) expectAccounted(outcome.result);
  return outcome;
}

function expectAccounted(r: ParseResult): void {
  expect(r.records.length + r.errorCount + r.skippedCount).toBe(r.rows);
  expect(r.errors.length).toBeLessThanOrEqual(r.errorCount);
  expect(r.skipped.length).toBeLessThanOrEqual(r.skippedCount);
  for (const record of r.records) expect(typeof record.type === 'string' && ['login', 'note', 'card', 'identity'].includes(record.type)).toBe(true);
}

const CSV_HEADERS = [
  'url,username,password,totp,extra,name,grouping,fav',
  'name,url,username,password,note',
  'folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp',
  'Title,Website,Username,Password,One-time password,Favorite status,Archived status,Tags,Notes',
  'type,name,url,email,username,password,note,totp,createTime,modifyTime,vault',
  'name,url,additional_urls,username,password,note,cardholdername,cardnumber,cvc,expirydate,zipcode,folder,full_name,phone_number,email,address1,address2,city,country,state,type',
  'Group,Title,Username,Password,URL,Notes,TOTP',
  'site,login,pass,comments',
];
const CSV_FORMATS = ['lastpass', 'chrome', 'bitwarden-csv', '1password-csv', 'protonpass', 'nordpass', 'keepassxc-csv', 'keeper-csv', 'generic-csv', 'dashlane', 'safari', 'firefox'];

/** Cells made of the characters that break CSV readers, plus ordinary and non-ASCII text. */
const cell = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ' ', ',', '"', '\n', '\r', '\\', 'é', '€', '\u0000', '=', ':', '/'), maxLength: 12 });
const quoteFree = fc.string({ unit: fc.constantFrom('a', 'Z', '7', ' ', 'é', '€', '=', ':', '/', '.'), maxLength: 10 });
const lineBreak = fc.constantFrom('\n', '\r\n', '\r');

describe('CSV readers', () => {
  it('any rows under any known header: bounded, no crash, every row accounted for', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CSV_HEADERS), fc.array(fc.array(cell, { maxLength: 12 }), { maxLength: 15 }), fc.option(fc.constantFrom(...CSV_FORMATS)), async (header, rows, format) => {
        const text = [header, ...rows.map((r) => r.join(','))].join('\n');
        await parseBounded(new TextEncoder().encode(text), format ?? undefined);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('without quotes, rows equals the non-blank lines after the header', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CSV_HEADERS.slice(0, 7)), fc.array(fc.tuple(fc.array(quoteFree, { maxLength: 25 }), lineBreak), { maxLength: 20 }), async (header, rows) => {
        const text = `${header}\n${rows.map(([cells, br]) => cells.join(',') + br).join('')}`;
        const outcome = await parseBounded(new TextEncoder().encode(text));
        const visible = text.split(/\r\n|\r|\n/).filter((l) => l !== '').length - 1;
        if ('result' in outcome) expect(outcome.result.rows).toBe(visible);
      }),
      { numRuns: RUNS },
    );
  });

  it('arbitrary bytes: detection and every CSV format end without a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...CSV_FORMATS), async (bytes, format) => {
        detectFormat({ bytes });
        await parseBounded(bytes, format);
      }),
      { numRuns: RUNS },
    );
  });
});

/** JSON values with the awkward bits: lone surrogates, huge and odd numbers, prototype names. */
const awkwardString = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('\ud800', 'constructor', '__proto__', 'toString', '1e20', ''));
const awkwardValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    awkwardString,
    fc.constantFrom(1e20, -1, 0, 1.5, Number.MAX_SAFE_INTEGER, true, false, null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('type', 'name', 'title', 'login', 'password', 'notes', 'data', 'content', 'metadata', 'state', 'date', 'categoryUuid', 'constructor'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('JSON readers', () => {
  it('Bitwarden, Keeper and Proton Pass shapes with arbitrary items: one row per item', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(awkwardValue, { maxLength: 8 }), fc.constantFrom('bitwarden', 'keeper', 'proton'), async (items, shape) => {
        const root =
          shape === 'bitwarden' ? { encrypted: false, folders: [], items } : shape === 'keeper' ? { records: items } : { encrypted: false, vaults: { a: { name: 'A', items } } };
        const outcome = await parseBounded(new TextEncoder().encode(JSON.stringify(root)));
        expect('result' in outcome && outcome.result.rows).toBe(items.length);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('arbitrary JSON text, possibly truncated', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), fc.nat(), async (value, cut) => {
        const text = JSON.stringify({ records: [value], items: [value], vaults: { v: value }, encrypted: false });
        await parseBounded(new TextEncoder().encode(text.slice(0, text.length - (cut % 4))));
      }),
      { numRuns: RUNS },
    );
  });
});

interface GroupTree {
  readonly name: string;
  readonly entries: readonly string[];
  readonly groups: readonly GroupTree[];
}
const groupTree: fc.Arbitrary<GroupTree> = fc.letrec<{ group: GroupTree }>((tie) => ({
  group: fc.record({ name: awkwardString, entries: fc.array(awkwardString, { maxLength: 3 }), groups: fc.oneof({ depthSize: 'small', maxDepth: 5 }, fc.constant([]), fc.array(tie('group'), { maxLength: 2 })) }),
})).group;

const xmlText = (s: string): string => s.replace(/[\ud800-\udfff]/g, '&#xD800;').replace(/&(?!#xD800;)/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
function groupXml(g: GroupTree): string {
  const entries = g.entries.map((t) => `<Entry><String><Key>Title</Key><Value>${xmlText(t)}</Value></String><String><Key>Password</Key><Value>${xmlText(t)}</Value></String></Entry>`);
  return `<Group><Name>${xmlText(g.name)}</Name>${entries.join('')}${g.groups.map(groupXml).join('')}</Group>`;
}
function countEntries(g: GroupTree): number {
  return g.entries.length + g.groups.reduce((n, s) => n + countEntries(s), 0);
}

describe('XML reader', () => {
  it('any group tree: one row per entry, wherever it sits', async () => {
    await fc.assert(
      fc.asyncProperty(groupTree, async (tree) => {
        const xml = `<?xml version="1.0" encoding="utf-8"?><KeePassFile><Root>${groupXml(tree)}</Root></KeePassFile>`;
        const outcome = await parseBounded(new TextEncoder().encode(xml));
        expect('result' in outcome && outcome.result.rows).toBe(countEntries(tree));
      }),
      { numRuns: RUNS },
    );
  });

  it('mutated XML ends without a crash', async () => {
    await fc.assert(
      fc.asyncProperty(groupTree, fc.nat(), fc.constantFrom('<', '>', '&', '"', '</Group>', '<Entry>', '&#xD800;', ''), async (tree, at, insert) => {
        const xml = `<KeePassFile><Root>${groupXml(tree)}</Root></KeePassFile>`;
        const cut = at % (xml.length + 1);
        await parseBounded(new TextEncoder().encode(xml.slice(0, cut) + insert + xml.slice(cut)));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('zip readers', () => {
  const entryName = fc.constantFrom('export.data', 'credentials.csv', 'securenotes.csv', 'payments.csv', 'Proton Pass/data.json', 'x/', 'other.txt');

  it('1PUX with arbitrary items: one row per item', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(awkwardValue, { maxLength: 4 }), { minLength: 1, maxLength: 3 }), async (vaults) => {
        const data = { accounts: [{ vaults: vaults.map((items, i) => ({ attrs: { name: `V${i}` }, items })) }] };
        const outcome = await parseBounded(zipSync({ 'export.data': strToU8(JSON.stringify(data)) }));
        expect('result' in outcome && outcome.result.rows).toBe(vaults.flat().length);
      }),
      { numRuns: RUNS },
    );
  });

  it('archives with arbitrary entries and flipped bytes end without a crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(entryName, fc.string({ maxLength: 60 }), { minKeys: 1, maxKeys: 4 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        fc.constantFrom(0, 6),
        async (files, flips, level) => {
          const zip = zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])), { level: level as 0 | 6 });
          for (const [at, value] of flips) zip[at % zip.length] = value;
          await parseBounded(zip);
          for (const format of ['dashlane', '1password-1pux', 'protonpass']) await parseBounded(zip, format);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
