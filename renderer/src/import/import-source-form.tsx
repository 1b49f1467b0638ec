import { useId } from 'react';
import type { ImportPreview } from '../../../preload/contract';
import { formatOptions } from './import-formats';

export interface ImportSourceFormProps {
  readonly format: string;
  readonly candidates: ImportPreview['candidates'] | undefined;
  readonly askPassword: boolean;
  readonly password: string;
  readonly hasFile: boolean;
  readonly busy: boolean;
  readonly onFile: (file: File | null) => void;
  readonly onFormat: (format: string) => void;
  readonly onPassword: (password: string) => void;
  readonly onPreview: () => void;
}

/** File, format override and (for KeePass databases) the file's own password. */
export function ImportSourceForm(props: ImportSourceFormProps) {
  const { format, candidates, askPassword, password, hasFile, busy } = props;
  const id = useId();
  return (
    <form
      className="import-source"
      onSubmit={(e) => {
        e.preventDefault();
        if (hasFile) props.onPreview();
      }}
    >
      <label htmlFor={`${id}-file`}>Choose an export file</label>
      <input
        id={`${id}-file`}
        type="file"
        accept=".csv,.json,.xml,.kdbx,.1pux,.zip,.txt"
        aria-describedby={`${id}-file-hint`}
        disabled={busy}
        onChange={(e) => props.onFile(e.target.files?.[0] ?? null)}
      />
      <p id={`${id}-file-hint`} className="hint">
        Export your passwords from your browser or password manager first (CSV, JSON, XML, KeePass .kdbx, 1Password .1pux or zip). The file is read on this
        device only.
      </p>

      <label htmlFor={`${id}-format`}>Format</label>
      <select id={`${id}-format`} value={format} disabled={busy} onChange={(e) => props.onFormat(e.target.value)}>
        <option value="">Detect automatically</option>
        {formatOptions(candidates).map((f) => (
          <option key={f.id} value={f.id}>
            {f.label}
          </option>
        ))}
      </select>

      {askPassword ? (
        <>
          <label htmlFor={`${id}-password`}>File password</label>
          <input
            id={`${id}-password`}
            type="password"
            autoComplete="off"
            value={password}
            disabled={busy}
            aria-describedby={`${id}-password-hint`}
            onChange={(e) => props.onPassword(e.target.value)}
          />
          <p id={`${id}-password-hint`} className="hint">
            The password that opens this file (a KeePass database, or the password a Keyhaven export was saved with).
          </p>
        </>
      ) : null}

      {hasFile ? (
        <div className="row">
          <button type="submit" className="secondary" disabled={busy}>
            Preview file
          </button>
        </div>
      ) : null}
    </form>
  );
}
