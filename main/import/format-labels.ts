/**
 * What each import format is called where people see it, by format id. Plain data, apart from
 * the formats: the import service names the formats of a preview without loading their parsers
 * (kdbxweb, hash-wasm, xmldom), which run in the import worker; each format takes its label
 * from here (format-registry.ts), so a label is written once.
 */
export const IMPORT_FORMAT_LABELS = {
  'keyhaven-json': 'Keyhaven export (encrypted JSON)',
  lastpass: 'LastPass (CSV)',
  'bitwarden-csv': 'Bitwarden (CSV)',
  'bitwarden-json': 'Bitwarden (JSON)',
  firefox: 'Firefox (CSV)',
  chrome: 'Chrome / Edge / Brave (CSV)',
  safari: 'Safari / Apple Passwords (CSV)',
  '1password-csv': '1Password (CSV)',
  '1password-1pux': '1Password (1PUX)',
  'keepassxc-csv': 'KeePassXC (CSV)',
  'keepass-xml': 'KeePass 2 (XML)',
  kdbx: 'KeePass database (.kdbx)',
  dashlane: 'Dashlane (CSV or zip of CSVs)',
  'keeper-json': 'Keeper (JSON)',
  'keeper-csv': 'Keeper (CSV)',
  nordpass: 'NordPass (CSV)',
  protonpass: 'Proton Pass (CSV, JSON or zip)',
  'generic-csv': 'Other CSV (columns guessed)',
} as const;

export type ImportFormatId = keyof typeof IMPORT_FORMAT_LABELS;

/** The label of format `id`; an id no format has is shown as it is. */
export function importFormatLabel(id: string): string {
  return Object.hasOwn(IMPORT_FORMAT_LABELS, id) ? IMPORT_FORMAT_LABELS[id as ImportFormatId] : id;
}
