import { useState } from 'react';
import type { AdminScope, AdminUserRow } from '../../../preload/channels/admin-channels';
import { SelectField, plainOptions } from './select-field';

/** Move to another node of the scope and/or change role; the backend refuses what a group mapping owns. */
export function PlacementForm({ user, scope, onSubmit }: { user: AdminUserRow; scope: AdminScope; onSubmit: (node: string | null, role: string | null) => void }) {
  const [node, setNode] = useState(user.node);
  const [role, setRole] = useState(user.role);
  const changed = node !== user.node || role !== user.role;
  return (
    <form
      className="admin-placement"
      aria-label="Placement"
      onSubmit={(e) => {
        e.preventDefault();
        if (changed) onSubmit(node === user.node ? null : node, role === user.role ? null : role);
      }}
    >
      <h3>Node and role</h3>
      <div className="row">
        <SelectField id="place-node" label="Node" value={node} options={plainOptions(scope.nodes)} onChange={setNode} />
        <SelectField id="place-role" label="Role" value={role} options={plainOptions(scope.roles)} onChange={setRole} />
        <button type="submit" className="secondary" disabled={!changed}>
          Save placement
        </button>
      </div>
    </form>
  );
}
