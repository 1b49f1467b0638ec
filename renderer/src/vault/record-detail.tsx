import { useState } from 'react';
import type { VaultRecord } from '../../../preload/contract';
import { MaskedValue } from '../components/masked-value';
import { RevealToggle } from '../components/reveal-toggle';
import { useAppStore } from '../state/store-context';
import { CopyableUrl } from './copyable-url';
import { MoveToFolder } from './move-to-folder';
import { RECORD_TYPE_NAMES } from './record-types';
import { TotpCode } from './totp-code';

export interface RecordDetailProps {
  readonly record: VaultRecord;
  readonly onEdit: () => void;
  readonly onDelete: () => void;
  /** Every folder in the vault, for "Move to folder". */
  readonly folders: readonly string[];
}

export function RecordDetail({ record, onEdit, onDelete, folders }: RecordDetailProps) {
  const copyField = useAppStore((s) => s.copyField);
  const [passwordShown, setPasswordShown] = useState(false);

  return (
    <article aria-labelledby="detail-title">
      <div className="detail-header">
        <h2 id="detail-title">
          {record.title || 'Untitled'}
          {record.favorite ? <span className="favorite-mark"> (favorite)</span> : null}
        </h2>
        <div className="row">
          <button type="button" className="secondary" onClick={onEdit}>
            Edit
          </button>
          <button type="button" className="danger" onClick={onDelete}>
            Delete
          </button>
        </div>
      </div>
      <dl className="fields">
        <dt>Type</dt>
        <dd>{RECORD_TYPE_NAMES[record.type]}</dd>
        {record.username ? (
          <>
            <dt>Username</dt>
            <dd className="value-with-actions">
              <span>{record.username}</span>
              <button type="button" className="secondary" onClick={() => void copyField(record.id, 'username')}>
                Copy username
              </button>
            </dd>
          </>
        ) : null}
        {record.password ? (
          <>
            <dt>Password</dt>
            <dd className="value-with-actions">
              {passwordShown ? (
                <code className="secret">{record.password}</code>
              ) : (
                <span className="secret">
                  <span aria-hidden="true">••••••••</span>
                  <span className="sr-only">hidden</span>
                </span>
              )}
              <RevealToggle what="password" shown={passwordShown} onToggle={() => setPasswordShown((s) => !s)} />
              <button type="button" className="secondary" onClick={() => void copyField(record.id, 'password')}>
                Copy password
              </button>
            </dd>
          </>
        ) : null}
        {record.totp ? (
          <>
            <dt>One-time code</dt>
            <dd>
              <TotpCode recordId={record.id} />
            </dd>
          </>
        ) : null}
        {record.urls.length > 0 ? (
          <>
            <dt>{record.urls.length === 1 ? 'Website' : 'Websites'}</dt>
            <dd>
              <ul className="plain-list">
                {record.urls.map((url, i) => (
                  <li key={`${i}-${url}`}>
                    <CopyableUrl url={url} index={i} />
                  </li>
                ))}
              </ul>
            </dd>
          </>
        ) : null}
        <dt>Folder</dt>
        <dd>{record.folder ?? <span className="muted">No folder</span>}</dd>
        {record.fields.map((field, i) => (
          <CustomFieldRow key={`${i}-${field.name}`} name={field.name} value={field.value} hidden={field.hidden} />
        ))}
        {record.notes ? (
          <>
            <dt>Notes</dt>
            <dd className="notes">{record.notes}</dd>
          </>
        ) : null}
      </dl>
      <MoveToFolder record={record} folders={folders} />
      <p className="hint">Last changed {new Date(record.updatedAt).toLocaleString()}</p>
    </article>
  );
}

function CustomFieldRow({ name, value, hidden }: { name: string; value: string; hidden: boolean }) {
  return (
    <>
      <dt>{name}</dt>
      <dd className="value-with-actions">{hidden ? <MaskedValue value={value} what={name} /> : <span className="notes">{value}</span>}</dd>
    </>
  );
}
