import type { ReactNode } from 'react';

interface AdminTableProps {
  /** The table's accessible name (its <caption>): what getByRole('table', { name }) finds. */
  readonly caption: ReactNode;
  /** Show the caption: for a table no heading above already names. Otherwise only assistive technology reads it. */
  readonly showCaption?: boolean;
  /** The column headers, left to right (each unique within the table). */
  readonly columns: readonly string[];
  /** While the rows are being replaced by a new page or filter. */
  readonly busy?: boolean;
  /** The body's rows; a row's naming cell is a <th scope="row">. */
  readonly children: ReactNode;
}

/** A table of the admin area: scrolls sideways inside its wrapper when wider than the screen. */
export function AdminTable({ caption, showCaption = false, columns, busy, children }: AdminTableProps) {
  return (
    <div className="admin-table-wrap">
      <table className="admin-table" aria-busy={busy}>
        <caption className={showCaption ? undefined : 'sr-only'}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
