import type { ImportPreview } from '../../preload/contract';
import type { ImportedRecord, ParseResult } from './imported-record';
import { problemCount } from './listed-problems';
import { hostOf } from './record-builder';

export interface ExistingItem {
  readonly title: string;
  readonly username: string;
  readonly urls: readonly string[];
  /** With these, a re-import can update the item in place (see `merge`). */
  readonly id?: string;
  readonly createdAt?: string;
  readonly updatedAt?: string;
  readonly type?: string;
  readonly password?: string;
  readonly notes?: string;
  readonly folder?: string | null;
  readonly totp?: string | null;
  readonly fields?: readonly { readonly name: string; readonly value: string; readonly hidden: boolean }[];
  readonly favorite?: boolean;
}

/**
 * What re-importing does with each record: `added` (no match in the vault), `updated` (matches
 * a vault item by URL + username — title + username without a URL — that has not changed since
 * it was first saved, and the file says something different), or left alone (the match was
 * edited since, already says the same, or was matched by an earlier record of this file; a
 * duplicate within the file).
 */
export interface MergePlan {
  readonly added: readonly ImportedRecord[];
  readonly updated: readonly { readonly record: ImportedRecord; readonly id: string }[];
  readonly leftAlone: readonly ImportedRecord[];
}

/** What previewImport finds: the counts the contract's ImportPreview shows, and the plan behind them. */
export type ImportCounts = Pick<ImportPreview['counts'], 'logins' | 'notes' | 'cards' | 'identities' | 'folders' | 'totp' | 'duplicates' | 'problems'> & {
  readonly duplicateRecords: readonly { readonly record: ImportedRecord; readonly matches: 'vault' | 'file' }[];
  readonly merge: MergePlan;
};

function sameContent(record: ImportedRecord, item: ExistingItem): boolean {
  const fields = (f: readonly { name: string; value: string; hidden: boolean }[] | undefined): string => JSON.stringify((f ?? []).map((x) => [x.name, x.value, x.hidden]));
  return (
    record.type === item.type &&
    record.title === item.title &&
    record.username === item.username &&
    record.password === item.password &&
    JSON.stringify(record.urls) === JSON.stringify(item.urls) &&
    record.notes === item.notes &&
    record.folder === (item.folder ?? null) &&
    record.totp === (item.totp ?? null) &&
    record.favorite === (item.favorite ?? false) &&
    fields(record.fields) === fields(item.fields)
  );
}

/** An item whose last change is its creation still holds what was first saved: nobody edited it since. */
function editedSinceSaved(item: ExistingItem): boolean {
  return item.createdAt === undefined || item.updatedAt !== item.createdAt;
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

export function previewImport(result: ParseResult, existing: readonly ExistingItem[]): ImportCounts {
  const known = new Map<string, ExistingItem>();
  for (const item of existing) for (const k of duplicateKeys(item)) if (!known.has(k)) known.set(k, item);
  const claimed = new Set<ExistingItem>();
  const added: ImportedRecord[] = [];
  const updated: { record: ImportedRecord; id: string }[] = [];
  const leftAlone: ImportedRecord[] = [];
  const seenInFile = new Set<string>();
  const duplicateRecords: { record: ImportedRecord; matches: 'vault' | 'file' }[] = [];
  const count = { login: 0, note: 0, card: 0, identity: 0 };
  let totp = 0;
  for (const record of result.records) {
    count[record.type]++;
    if (record.totp !== null) totp++;
    const keys = duplicateKeys(record);
    const match = keys.map((k) => known.get(k)).find((item) => item !== undefined);
    if (match !== undefined) {
      duplicateRecords.push({ record, matches: 'vault' });
      const updatable = match.id !== undefined && !claimed.has(match) && !editedSinceSaved(match) && !sameContent(record, match);
      claimed.add(match);
      if (updatable && match.id !== undefined) updated.push({ record, id: match.id });
      else leftAlone.push(record);
    } else if (keys.some((k) => seenInFile.has(k))) {
      duplicateRecords.push({ record, matches: 'file' });
      leftAlone.push(record);
    } else added.push(record);
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
    merge: { added, updated, leftAlone },
  };
}
