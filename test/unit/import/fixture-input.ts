import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportInput, ParseResult } from '../../../main/import/imported-record';
import { findImportFormat } from '../../../main/import/format-registry';

export const FIXTURES = join(import.meta.dirname, '../../fixtures/import');
export const KDBX_PASSWORD = 'correct horse battery staple';

export function fixture(name: string): ImportInput {
  return { bytes: new Uint8Array(readFileSync(join(FIXTURES, name))) };
}

export function textInput(text: string): ImportInput {
  return { bytes: new TextEncoder().encode(text) };
}

export async function parseAs(id: string, input: ImportInput, password?: string): Promise<ParseResult> {
  const format = findImportFormat(id);
  if (format === undefined) throw new Error(`no format ${id}`);
  return format.parse(input, password === undefined ? {} : { password });
}

/** Each fixture and the format id it must be detected as. */
export const FIXTURE_FORMATS: readonly (readonly [string, string])[] = [
  ['lastpass.csv', 'lastpass'],
  ['chrome.csv', 'chrome'],
  ['firefox.csv', 'firefox'],
  ['safari.csv', 'safari'],
  ['bitwarden-csv.csv', 'bitwarden-csv'],
  ['bitwarden-json.json', 'bitwarden-json'],
  ['1password-csv.csv', '1password-csv'],
  ['1password-1pux.1pux', '1password-1pux'],
  ['keepass-xml.xml', 'keepass-xml'],
  ['kdbx.kdbx', 'kdbx'],
  ['keepassxc-csv.csv', 'keepassxc-csv'],
  ['dashlane.zip', 'dashlane'],
  ['keeper-csv.csv', 'keeper-csv'],
  ['keeper-json.json', 'keeper-json'],
  ['nordpass.csv', 'nordpass'],
  ['protonpass.csv', 'protonpass'],
  ['protonpass.json', 'protonpass'],
  ['protonpass.zip', 'protonpass'],
  ['generic-csv.csv', 'generic-csv'],
];
