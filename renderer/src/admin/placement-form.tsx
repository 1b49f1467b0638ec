import { useState } from 'react';
import type { AdminScope, AdminUserRow } from '../../../preload/admin-contract';

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
        <div>
          <label htmlFor="place-node">Node</label>
          <select id="place-node" value={node} onChange={(e) => setNode(e.target.value)}>
            {scope.nodes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="place-role">Role</label>
          <select id="place-role" value={role} onChange={(e) => setRole(e.target.value)}>
            {scope.roles.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary" disabled={!changed}>
          Save placement
        </button>
      </div>
    </form>
  );
}
