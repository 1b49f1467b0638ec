import type { Funnel } from '../../../preload/channels/admin-channels';
import { FUNNEL_LABELS, FUNNEL_ORDER } from './admin-labels';

/**
 * The rollout as a funnel: one bar per step, each as wide as its share of the provisioned.
 * The numbers are text (the bars are decoration), so a screen reader reads the same funnel.
 */
export function FunnelChart({ title, funnel }: { title: string; funnel: Funnel }) {
  const base = funnel.provisioned;
  return (
    <figure className="funnel" aria-label={title}>
      <figcaption>{title}</figcaption>
      <ol>
        {FUNNEL_ORDER.map((step) => {
          const n = funnel[step];
          const pct = base === 0 ? 0 : Math.round((n / base) * 100);
          return (
            <li key={step}>
              <span className="funnel-label">{FUNNEL_LABELS[step]}</span>
              <span className="funnel-track" aria-hidden="true">
                <span className="funnel-bar" style={{ width: `${pct}%` }} />
              </span>
              <span className="funnel-value">
                {n.toLocaleString()} <span className="muted">({pct}%)</span>
              </span>
            </li>
          );
        })}
      </ol>
    </figure>
  );
}
