import type { ImportPreview } from '../../../preload/contract';

/** Every format main can read; its detection may offer them in another order. */
export const IMPORT_FORMATS: readonly { readonly id: string; readonly label: string }[] = [
  { id: 'keyhaven-json', label: 'Keyhaven export (encrypted JSON)' },
  { id: 'lastpass', label: 'LastPass (CSV)' },
  { id: 'chrome', label: 'Chrome / Edge / Brave (CSV)' },
  { id: 'firefox', label: 'Firefox (CSV)' },
  { id: 'safari', label: 'Safari / Apple Passwords (CSV)' },
  { id: 'bitwarden-csv', label: 'Bitwarden (CSV)' },
  { id: 'bitwarden-json', label: 'Bitwarden (JSON)' },
  { id: '1password-csv', label: '1Password (CSV)' },
  { id: '1password-1pux', label: '1Password (1PUX)' },
  { id: 'keepass-xml', label: 'KeePass 2 (XML)' },
  { id: 'kdbx', label: 'KeePass database (.kdbx)' },
  { id: 'keepassxc-csv', label: 'KeePassXC (CSV)' },
  { id: 'dashlane', label: 'Dashlane (CSV or zip of CSVs)' },
  { id: 'keeper-csv', label: 'Keeper (CSV)' },
  { id: 'keeper-json', label: 'Keeper (JSON)' },
  { id: 'nordpass', label: 'NordPass (CSV)' },
  { id: 'protonpass', label: 'Proton Pass (CSV, JSON or zip)' },
  { id: 'generic-csv', label: 'Other CSV (choose the columns)' },
];

/** The format list for the select: detected candidates first (best first), then the rest. */
export function formatOptions(candidates: ImportPreview['candidates'] | undefined): readonly { readonly id: string; readonly label: string }[] {
  const seen = new Set<string>();
  const out: { id: string; label: string }[] = [];
  for (const c of [...(candidates ?? [])].sort((a, b) => b.confidence - a.confidence)) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    out.push({ id: c.id, label: IMPORT_FORMATS.find((f) => f.id === c.id)?.label ?? c.label });
  }
  for (const f of IMPORT_FORMATS) if (!seen.has(f.id)) out.push(f);
  return out;
}

/** Generic CSV: the record fields a column can feed, in form order. */
export const MAPPED_FIELDS: readonly { readonly key: string; readonly label: string }[] = [
  { key: 'title', label: 'Title' },
  { key: 'username', label: 'Username' },
  { key: 'password', label: 'Password' },
  { key: 'url', label: 'Website' },
  { key: 'notes', label: 'Notes' },
  { key: 'folder', label: 'Folder' },
  { key: 'totp', label: 'TOTP' },
];

/** How many items "Import N items" will write. */
export function itemsToImport(counts: ImportPreview['counts'], duplicates: 'skip' | 'import'): number {
  const items = counts.logins + counts.notes + counts.cards + counts.identities;
  // 'skip' merges: new items are added and unedited matches updated; the rest is left alone.
  return duplicates === 'skip' ? counts.added + counts.updated : items;
}

/** Errors for which main needs the file's own password (KeePass .kdbx, Keyhaven export). */
export function needsDatabasePassword(format: string | null, errorCode: string | null): boolean {
  return format === 'kdbx' || format === 'keyhaven-json' || errorCode === 'import_password_required' || errorCode === 'wrong_import_password';
}
