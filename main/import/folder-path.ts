import { nfc } from './well-formed';

/** What separates a path's levels in an export: LastPass and Keeper write `\`, most others `/`. */
export type FolderSeparator = '/' | '\\' | 'either';

const SPLIT: Readonly<Record<FolderSeparator, RegExp>> = { '/': /\//, '\\': /\\/, either: /[/\\]/ };

/**
 * Folder paths are stored with `/` between levels. LastPass writes `Work\Servers`,
 * KeePassXC `Root/Work/Servers`; empty segments (`a//b`, trailing `\`) are dropped.
 */
export function normaliseFolderPath(raw: string | null | undefined, separator: FolderSeparator = 'either'): string | null {
  if (raw === null || raw === undefined) return null;
  let path = '';
  for (const part of nfc(raw).split(SPLIT[separator])) {
    const level = part.trim();
    if (level !== '') path = path === '' ? level : `${path}/${level}`;
  }
  return path === '' ? null : path;
}

/** `normaliseFolderPath`, remembering its answers for one parse. */
export type FolderPaths = (raw: string | null | undefined, separator?: FolderSeparator) => string | null;

/**
 * Spellings remembered per parse, at most: a file whose every row names another folder is
 * normalised row by row past this, as without the memory.
 */
const REMEMBERED_SPELLINGS = 4096;

/**
 * Folder paths for one parse. An export names the same few folders on thousands of rows; each
 * spelling is worked out once, and every record in one folder shares the one string (on 100,000
 * LastPass rows the parse took 15 % less CPU: test/bench/README.md, import-100k). Made per parse,
 * so no folder name outlives the parse that read it.
 */
export function createFolderPaths(): FolderPaths {
  const known: Record<FolderSeparator, Map<string, string | null>> = { '/': new Map(), '\\': new Map(), either: new Map() };
  let remembered = 0;
  return (raw, separator = 'either') => {
    if (raw === null || raw === undefined) return null;
    const bySeparator = known[separator];
    const answer = bySeparator.get(raw);
    if (answer !== undefined) return answer;
    const path = normaliseFolderPath(raw, separator);
    if (remembered < REMEMBERED_SPELLINGS) {
      bySeparator.set(raw, path);
      remembered += 1;
    }
    return path;
  };
}
