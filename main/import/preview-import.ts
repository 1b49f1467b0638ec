import type { ImportedRecord, ParseResult } from './imported-record';
import { problemCount } from './listed-problems';
import { hostOf } from './record-builder';

export interface ExistingItem {
  readonly title: string;
  readonly username: string;
  readonly urls: readonly string[];
}

export interface ImportPreview {
  readonly logins: number;
  readonly notes: number;
  readonly cards: number;
  readonly identities: number;
  readonly folders: number;
  readonly totp: number;
  readonly duplicates: number;
  /** Rows that will not be imported (errors + skipped) and imported rows that lost something (warnings). */
  readonly problems: number;
  readonly duplicateRecords: readonly { readonly record: ImportedRecord; readonly matches: 'vault' | 'file' }[];
}

function norm(value: string): string {
  return value.normalize('NFC').trim().toLowerCase();
}

/**
 * Keys under which two items count as the same login: each URL host + username; with no
 * URL, title + username. `www.` is ignored so example.com and www.example.com match.
 */
function duplicateKeys(item: { title: string; username: string; urls: readonly string[] }): string[] {
  const user = norm(item.username);
  const hosts = item.urls.map(hostOf).filter((h): h is string => h !== null);
  if (hosts.length > 0) return hosts.map((h) => `u\u0000${h}\u0000${user}`);
  return [`t\u0000${norm(item.title)}\u0000${user}`];
}

export function previewImport(result: ParseResult, existing: readonly ExistingItem[]): ImportPreview {
  const known = new Set(existing.flatMap(duplicateKeys));
  const seenInFile = new Set<string>();
  const duplicateRecords: { record: ImportedRecord; matches: 'vault' | 'file' }[] = [];
  const count = { login: 0, note: 0, card: 0, identity: 0 };
  let totp = 0;
  for (const record of result.records) {
    count[record.type]++;
    if (record.totp !== null) totp++;
    const keys = duplicateKeys(record);
    if (keys.some((k) => known.has(k))) duplicateRecords.push({ record, matches: 'vault' });
    else if (keys.some((k) => seenInFile.has(k))) duplicateRecords.push({ record, matches: 'file' });
    for (const k of keys) seenInFile.add(k);
  }
  return {
    logins: count.login,
    notes: count.note,
    cards: count.card,
    identities: count.identity,
    folders: result.folders.length,
    totp,
    duplicates: duplicateRecords.length,
    problems: problemCount(result),
    duplicateRecords,
  };
}
