import { useId } from 'react';
import type { VaultRecord } from '../../../preload/contract';
import { useAppStore } from '../state/store-context';

const NO_FOLDER = '';

/** Moves one item to another folder (or out of any) without opening the editor. */
export function MoveToFolder({ record, folders }: { record: VaultRecord; folders: readonly string[] }) {
  const moveToFolder = useAppStore((s) => s.moveToFolder);
  const id = useId();
  return (
    <div className="move-to-folder">
      <label htmlFor={id}>Move to folder</label>
      <select
        id={id}
        value={record.folder ?? NO_FOLDER}
        onChange={(e) => void moveToFolder([record.id], e.target.value === NO_FOLDER ? null : e.target.value)}
      >
        <option value={NO_FOLDER}>No folder</option>
        {folders.map((f) => (
          <option key={f} value={f}>
            {f}
          </option>
        ))}
      </select>
    </div>
  );
}
