import type { ExportItem } from './formats/keyhaven-json';

/** The columns of Keyhaven's plain CSV export, one item a row. */
const CSV_EXPORT_COLUMNS = ['type', 'title', 'username', 'password', 'urls', 'totp', 'notes', 'folder', 'favorite', 'fields'] as const;

/** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. */
function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Everything in clear — the person is warned before choosing it. Several websites are joined by
 * line breaks; custom fields are one `name: value` line each (hidden ones too: it is an export).
 */
export function writeCsvExport(items: readonly ExportItem[]): string {
  const rows = items.map((i) =>
    [
      i.type,
      i.title,
      i.username,
      i.password,
      i.urls.join('\n'),
      i.totp ?? '',
      i.notes,
      i.folder ?? '',
      i.favorite ? 'true' : 'false',
      i.fields.map((f) => `${f.name}: ${f.value}`).join('\n'),
    ]
      .map(cell)
      .join(','),
  );
  return `${[CSV_EXPORT_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
