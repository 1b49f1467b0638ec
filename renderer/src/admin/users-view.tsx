import { useEffect, useState } from 'react';
import type { AdminUserFilter, RolloutStage, UserStatus } from '../../../preload/channels/admin-channels';
import { ErrorBanner } from '../components/error-banner';
import { STAGE_LABELS, formatDate } from './admin-labels';
import { AdminTable } from './admin-table';
import { Pager } from './pager';
import { SelectField, plainOptions } from './select-field';
import { useAdminCall } from './use-admin-call';

const PAGE = 50;
const USER_COLUMNS = ['Person', 'Status', 'Node', 'Role', 'Source', 'Last sign-in', 'Devices', 'Second factor', 'Onboarding step'];
const STATUSES: readonly UserStatus[] = ['invited', 'active', 'deactivated'];
const STAGE_OPTIONS = (Object.keys(STAGE_LABELS) as RolloutStage[]).map((s) => ({ value: s, label: STAGE_LABELS[s] }));

/** The people in scope: searched and paged by the backend, so 10,000 rows never reach the page. */
export function UsersView({ nodes, onOpenUser }: { nodes: readonly string[]; onOpenUser: (id: string) => void }) {
  const [typed, setTyped] = useState('');
  const [filter, setFilter] = useState<AdminUserFilter>({ q: '', status: null, node: null, stage: null });
  const [offset, setOffset] = useState(0);
  // Search as the person types, once they pause.
  useEffect(() => {
    const t = setTimeout(() => {
      setFilter((f) => (f.q === typed ? f : { ...f, q: typed }));
      setOffset(0);
    }, 250);
    return () => clearTimeout(t);
  }, [typed]);
  const users = useAdminCall('adminListUsers', { filter, offset, limit: PAGE });
  const change = (patch: Partial<AdminUserFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setOffset(0);
  };

  return (
    <section aria-labelledby="users-heading">
      <h2 id="users-heading">People</h2>
      <div className="row admin-filters">
        <div>
          <label htmlFor="users-search">Search people</label>
          <input id="users-search" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="Email or user name" />
        </div>
        <SelectField id="users-status" label="Status" anyLabel="Any status" value={filter.status ?? ''} options={plainOptions(STATUSES)} onChange={(v) => change({ status: v === '' ? null : (v as UserStatus) })} />
        <SelectField id="users-node" label="Node" anyLabel="Every node" value={filter.node ?? ''} options={plainOptions(nodes)} onChange={(v) => change({ node: v === '' ? null : v })} />
        <SelectField id="users-stage" label="Onboarding step" anyLabel="Any step" value={filter.stage ?? ''} options={STAGE_OPTIONS} onChange={(v) => change({ stage: v === '' ? null : (v as RolloutStage) })} />
      </div>
      {users.error ? <ErrorBanner error={users.error} /> : null}
      {users.data ? (
        <>
          <AdminTable caption="People in your scope" columns={USER_COLUMNS} busy={users.loading}>
            {users.data.users.map((u) => (
              <tr key={u.id}>
                <td>
                  <button type="button" className="link" onClick={() => onOpenUser(u.id)}>
                    {u.email}
                  </button>
                </td>
                <td>{u.status}</td>
                <td>{u.node}</td>
                <td>{u.role}</td>
                <td>{u.source === 'scim' ? 'SCIM' : 'JIT'}</td>
                <td>{formatDate(u.lastSignInAt)}</td>
                <td>{u.devices}</td>
                <td>{u.secondFactorMethods.length === 0 ? 'none' : u.secondFactorMethods.join(', ')}</td>
                <td>{STAGE_LABELS[u.stage]}</td>
              </tr>
            ))}
          </AdminTable>
          <Pager label="People" offset={offset} limit={PAGE} total={users.data.total} onPage={setOffset} />
        </>
      ) : null}
    </section>
  );
}
