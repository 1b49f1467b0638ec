import type { ImportFormat } from './import-format';
import { bitwardenCsvFormat } from './formats/bitwarden-csv';
import { bitwardenJsonFormat } from './formats/bitwarden-json';
import { chromeFormat } from './formats/chrome';
import { dashlaneFormat } from './formats/dashlane';
import { firefoxFormat } from './formats/firefox';
import { genericCsvFormat } from './formats/generic-csv';
import { kdbxFormat } from './formats/kdbx';
import { keepassXmlFormat } from './formats/keepass-xml';
import { keyhavenJsonFormat } from './formats/keyhaven-json';
import { keepassxcCsvFormat } from './formats/keepassxc-csv';
import { keeperCsvFormat } from './formats/keeper-csv';
import { keeperJsonFormat } from './formats/keeper-json';
import { lastpassFormat } from './formats/lastpass';
import { nordpassFormat } from './formats/nordpass';
import { onePassword1puxFormat } from './formats/onepassword-1pux';
import { onePasswordCsvFormat } from './formats/onepassword-csv';
import { protonpassFormat } from './formats/protonpass';
import { safariFormat } from './formats/safari';

/** Every supported format; on equal confidence, earlier wins. */
export const IMPORT_FORMATS: readonly ImportFormat[] = [
  keyhavenJsonFormat,
  lastpassFormat,
  bitwardenCsvFormat,
  bitwardenJsonFormat,
  firefoxFormat,
  chromeFormat,
  safariFormat,
  onePasswordCsvFormat,
  onePassword1puxFormat,
  keepassxcCsvFormat,
  keepassXmlFormat,
  kdbxFormat,
  dashlaneFormat,
  keeperJsonFormat,
  keeperCsvFormat,
  nordpassFormat,
  protonpassFormat,
  genericCsvFormat,
];

export const IMPORT_FORMAT_IDS: readonly string[] = IMPORT_FORMATS.map((f) => f.id);

export function findImportFormat(id: string): ImportFormat | undefined {
  return IMPORT_FORMATS.find((f) => f.id === id);
}
