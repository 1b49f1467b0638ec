import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AdminTable } from '../../../renderer/src/admin/admin-table';

describe('AdminTable', () => {
  it('is a real table: a caption for its name, a header cell per column, the rows in its body', () => {
    const html = renderToStaticMarkup(
      <AdminTable caption="People in your scope" columns={['Person', 'Status']}>
        <tr>
          <td>ada@example.com</td>
          <td>active</td>
        </tr>
      </AdminTable>,
    );
    expect(html).toBe(
      '<div class="admin-table-wrap"><table class="admin-table"><caption class="sr-only">People in your scope</caption>' +
        '<thead><tr><th scope="col">Person</th><th scope="col">Status</th></tr></thead>' +
        '<tbody><tr><td>ada@example.com</td><td>active</td></tr></tbody></table></div>',
    );
  });

  it('shows the caption when asked, and says when its rows are being replaced', () => {
    const html = renderToStaticMarkup(
      <AdminTable caption="Checks" showCaption busy columns={['Check']}>
        {null}
      </AdminTable>,
    );
    expect(html).toContain('<table class="admin-table" aria-busy="true"><caption>Checks</caption>');
  });
});
