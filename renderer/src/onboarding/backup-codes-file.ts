import { downloadText } from '../components/download-text';

/** The backup codes as a small text file: one code per line, with what they are for. */
export function backupCodesText(codes: readonly string[]): string {
  return ['Keyhaven backup codes', 'Each code works once. Keep this somewhere safe, away from your computer.', '', ...codes, ''].join('\n');
}

export const BACKUP_CODES_FILE_NAME = 'keyhaven-backup-codes.txt';

/** Saves the codes through the browser's download (the file never passes through main). */
export function downloadBackupCodes(codes: readonly string[]): void {
  downloadText(BACKUP_CODES_FILE_NAME, backupCodesText(codes), 'text/plain;charset=utf-8');
}
