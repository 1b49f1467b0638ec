import type { AdminEvent } from './admin-events-query';

export const AUDIT_CSV_COLUMNS = ['seq', 'at', 'type', 'outcome', 'reason', 'user_id', 'user_email', 'email_tried', 'ip', 'connection_id', 'details'] as const;

/**
 * One CSV field (RFC 4180). A cell starting with = + - @ (or a tab/CR) is prefixed with a quote
 * so a spreadsheet never runs it as a formula: emails tried at sign-in are attacker-chosen.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;
}

export function csvRow(e: AdminEvent): string {
  const cells = [e.seq, e.at, e.type, e.outcome, e.reason, e.userId, e.userEmail, e.email, e.ip, e.connectionId, e.details === null ? null : JSON.stringify(e.details)];
  return `${cells.map(csvField).join(',')}\r\n`;
}

/** The whole filtered log as CSV text chunks, read a page at a time (memory stays flat). */
export async function* auditCsvChunks(page: (before: number | undefined) => Promise<readonly AdminEvent[]>): AsyncGenerator<string> {
  yield csvHeader();
  let before: number | undefined;
  for (;;) {
    const events = await page(before);
    if (events.length === 0) return;
    yield events.map(csvRow).join('');
    before = events[events.length - 1]?.seq;
  }
}
