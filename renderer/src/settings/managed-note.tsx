import type { SettingView } from '../../../preload/contract';

/** Why a setting cannot be changed: the organisation's managed configuration or the role's policy. */
export function ManagedNote({ id, source }: { id: string; source?: SettingView['source'] }) {
  return (
    <p id={id} className="hint managed-note">
      {source === 'policy' ? 'Set by your role’s policy' : 'Managed by your organisation'}
    </p>
  );
}
