import { useEffect, useState } from 'react';
import { ErrorBanner } from '../components/error-banner';
import { useAppStore } from '../state/store-context';
import { fileToBase64 } from './base64-chunks';
import { needsDatabasePassword } from './import-formats';
import { ImportPreviewView } from './import-preview-view';
import { ImportRunning } from './import-running';
import { ImportSourceForm } from './import-source-form';
import { ImportSummaryView } from './import-summary-view';

export interface ImportFlowProps {
  readonly onDone: () => void;
  readonly onCancel: () => void;
  /** Inside the onboarding wizard: no intro text of its own (the step has one). */
  readonly embedded?: boolean;
}

type Mapping = Readonly<Record<string, string | null>>;
interface PickedFile {
  readonly name: string;
  readonly dataBase64: string;
}

/** Pick → preview → run → summary, driven by the import slice; the file is read and encoded here. */
export function ImportFlow({ onDone, onCancel, embedded = false }: ImportFlowProps) {
  const phase = useAppStore((s) => s.importPhase);
  const error = useAppStore((s) => s.importError);
  const previewFile = useAppStore((s) => s.previewFile);
  const runImport = useAppStore((s) => s.runImport);
  const cancelImport = useAppStore((s) => s.cancelImport);
  const resetImport = useAppStore((s) => s.resetImport);
  const leaveImport = useAppStore((s) => s.leaveImport);
  const [file, setFile] = useState<PickedFile | null>(null);
  const [readingFile, setReadingFile] = useState(false);
  const [format, setFormat] = useState('');
  const [password, setPassword] = useState('');
  const [mapping, setMapping] = useState<Mapping | null>(null);
  const [duplicates, setDuplicates] = useState<'skip' | 'import'>('skip');

  useEffect(() => {
    // A new flow starts clean; leaving it drops the file and its preview from memory.
    if (phase.kind === 'finished' || phase.kind === 'preview') resetImport();
    return () => leaveImport();
  }, []);

  const askPassword = needsDatabasePassword(format || (phase.kind === 'preview' ? phase.preview.format : null), error?.code ?? null);

  function preview(next: { file?: PickedFile; format?: string; mapping?: Mapping | null } = {}) {
    const f = next.file ?? file;
    if (!f) return;
    const fmt = next.format ?? format;
    void previewFile({
      fileName: f.name,
      dataBase64: f.dataBase64,
      format: fmt === '' ? null : fmt,
      password: askPassword && password !== '' ? password : null,
      mapping: next.mapping === undefined ? mapping : next.mapping,
    });
  }

  async function onFile(picked: File | null) {
    setMapping(null);
    if (!picked) {
      setFile(null);
      resetImport();
      return;
    }
    setReadingFile(true);
    try {
      const next = { name: picked.name, dataBase64: await fileToBase64(picked) };
      setFile(next);
      preview({ file: next, mapping: null });
    } finally {
      setReadingFile(false);
    }
  }

  if (phase.kind === 'running') return <ImportRunning progress={phase.progress} onCancel={() => void cancelImport()} />;
  if (phase.kind === 'finished')
    return (
      <ImportSummaryView
        summary={phase.summary}
        onDone={() => {
          resetImport();
          onDone();
        }}
      />
    );

  const busy = readingFile || phase.kind === 'reading';
  const passwordAsked = error?.code === 'import_password_required';
  return (
    <div className="import-flow">
      {embedded ? null : <p className="muted">Bring your passwords over from a browser or another password manager.</p>}
      {error && !passwordAsked ? <ErrorBanner error={error} /> : null}
      {passwordAsked ? (
        <p className="banner banner-warning" role="alert">
          This file is protected by a password. Enter its password (File password), then choose Preview file.
        </p>
      ) : null}
      <ImportSourceForm
        format={format}
        candidates={phase.kind === 'preview' ? phase.preview.candidates : undefined}
        askPassword={askPassword}
        password={password}
        hasFile={file !== null}
        busy={busy}
        onFile={(f) => void onFile(f)}
        onFormat={(next) => {
          setFormat(next);
          setMapping(null);
          preview({ format: next, mapping: null });
        }}
        onPassword={setPassword}
        onPreview={() => preview()}
      />
      <p role="status" className="hint">
        {busy ? 'Reading the file…' : ''}
      </p>
      {phase.kind === 'preview' ? (
        <ImportPreviewView
          preview={phase.preview}
          mapping={mapping}
          duplicates={duplicates}
          busy={busy}
          onMappingChange={(next) => {
            setMapping(next);
            preview({ mapping: next });
          }}
          onDuplicatesChange={setDuplicates}
          onImport={() => void runImport(duplicates)}
        />
      ) : null}
      {embedded ? null : (
        // Inside the onboarding wizard, its own "Skip this step" is the way out.
        <div className="row">
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}
