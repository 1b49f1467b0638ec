import { useState } from 'react';
import type { RolloutStage } from '../../../preload/channels/admin-channels';
import { ErrorBanner } from '../components/error-banner';
import { FUNNEL_LABELS, FUNNEL_ORDER, STAGE_LABELS, formatDate } from './admin-labels';
import { AdminTable } from './admin-table';
import { FunnelChart } from './funnel-chart';
import { Pager } from './pager';
import { SelectField } from './select-field';
import { useAdminCall } from './use-admin-call';

type StuckStage = Exclude<RolloutStage, 'finished'>;
const STUCK_STAGES: readonly StuckStage[] = ['sign_in', 'vault', 'onboarding', 'second_factor'];
const PAGE = 25;
const STUCK_COLUMNS = ['Person', 'Node', 'Next step', 'Last progress'];

/** Per node: how far the rollout got, as a funnel and a table; then who is stuck where. */
export function RolloutView({ onOpenUser }: { onOpenUser: (id: string) => void }) {
  const rollout = useAdminCall('adminRollout', {});
  const [stage, setStage] = useState<StuckStage | null>(null);
  const [offset, setOffset] = useState(0);
  const stuck = useAdminCall('adminStuck', { stage, node: null, offset, limit: PAGE });

  return (
    <>
      <section aria-labelledby="rollout-heading">
        <h2 id="rollout-heading">Rollout</h2>
        <button
          type="button"
          className="secondary"
          onClick={() => {
            rollout.reload();
            stuck.reload();
          }}
        >
          Refresh
        </button>
        {rollout.error ? <ErrorBanner error={rollout.error} /> : null}
        {rollout.data ? (
          <>
            <FunnelChart title="Rollout funnel, every node in your scope" funnel={rollout.data.total} />
            <AdminTable caption="Rollout per node" columns={['Node', ...FUNNEL_ORDER.map((s) => FUNNEL_LABELS[s])]}>
              {rollout.data.nodes.map((n) => (
                <tr key={n.node}>
                  <th scope="row">{n.node}</th>
                  {FUNNEL_ORDER.map((s) => (
                    <td key={s}>{n.funnel[s].toLocaleString()}</td>
                  ))}
                </tr>
              ))}
            </AdminTable>
          </>
        ) : (
          <p role="status">Loading the rollout…</p>
        )}
      </section>

      <section aria-labelledby="stuck-heading">
        <h2 id="stuck-heading">People stuck at a step</h2>
        <SelectField
          id="stuck-stage"
          label="Stuck at"
          anyLabel="Any step"
          value={stage ?? ''}
          options={STUCK_STAGES.map((s) => ({ value: s, label: STAGE_LABELS[s] }))}
          onChange={(v) => {
            setStage(v === '' ? null : (v as StuckStage));
            setOffset(0);
          }}
        />
        {stuck.error ? <ErrorBanner error={stuck.error} /> : null}
        {stuck.data ? (
          <>
            <AdminTable caption="People who have not finished" columns={STUCK_COLUMNS}>
              {stuck.data.people.map((p) => (
                <tr key={p.id}>
                  <td>
                    <button type="button" className="link" onClick={() => onOpenUser(p.id)}>
                      {p.email}
                    </button>
                  </td>
                  <td>{p.node}</td>
                  <td>{STAGE_LABELS[p.stage]}</td>
                  <td>{formatDate(p.since)}</td>
                </tr>
              ))}
            </AdminTable>
            <Pager label="Stuck people" offset={offset} limit={PAGE} total={stuck.data.total} onPage={setOffset} />
          </>
        ) : null}
      </section>
    </>
  );
}
