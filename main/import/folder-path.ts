import { wellFormed } from './well-formed';

/**
 * Folder paths are stored with `/` between levels. LastPass writes `Work\Servers`,
 * KeePassXC `Root/Work/Servers`; empty segments (`a//b`, trailing `\`) are dropped.
 */
export function normaliseFolderPath(raw: string | null | undefined, separator: RegExp = /[/\\]/): string | null {
  if (raw === null || raw === undefined) return null;
  const parts = wellFormed(raw)
    .normalize('NFC')
    .split(separator)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  return parts.length === 0 ? null : parts.join('/');
}
