import { nfc } from './well-formed';

/**
 * Folder paths are stored with `/` between levels. LastPass writes `Work\Servers`,
 * KeePassXC `Root/Work/Servers`; empty segments (`a//b`, trailing `\`) are dropped.
 */
export function normaliseFolderPath(raw: string | null | undefined, separator: RegExp = /[/\\]/): string | null {
  if (raw === null || raw === undefined) return null;
  let path = '';
  for (const part of nfc(raw).split(separator)) {
    const level = part.trim();
    if (level !== '') path = path === '' ? level : `${path}/${level}`;
  }
  return path === '' ? null : path;
}
