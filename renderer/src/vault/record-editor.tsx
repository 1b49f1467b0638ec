import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { RevealToggle } from '../components/reveal-toggle';
import { useAppStore } from '../state/store-context';
import type { RecordType } from '../../../preload/contract';
import { CustomFieldsEditor } from './custom-fields-editor';
import { recordDraftFrom, validateRecordForm, withType, type RecordForm, type RecordFormErrors } from './record-form';
import { hasLoginFields, RECORD_TYPE_NAMES, RECORD_TYPES } from './record-types';
import { TemplateFieldsEditor } from './template-fields-editor';

export interface RecordEditorProps {
  readonly initial: RecordForm;
  readonly folders: readonly string[];
  readonly onDone: () => void;
}

/** The add/edit form, shown in the detail pane, for every record type. Title is the only required field. */
export function RecordEditor({ initial, folders, onDone }: RecordEditorProps) {
  const saveRecord = useAppStore((s) => s.saveRecord);
  const generatePassword = useAppStore((s) => s.generatePassword);
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<RecordFormErrors>({});
  const [passwordShown, setPasswordShown] = useState(false);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const titleRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  // Bumped on a refused save: focus goes to the first box named in error, once it is marked.
  const [refusals, setRefusals] = useState(0);
  const id = useId();
  const isNew = initial.id === undefined;

  useEffect(() => titleRef.current?.focus(), []);
  useEffect(() => {
    if (refusals > 0) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);

  const set = <K extends keyof RecordForm>(key: K, value: RecordForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  async function generate() {
    const password = await generatePassword();
    if (password === null) return;
    set('password', password);
    setPasswordShown(true);
    setStatus('New password generated.');
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validateRecordForm(form);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setRefusals((n) => n + 1);
      return;
    }
    setBusy(true);
    const saved = await saveRecord(recordDraftFrom(form));
    setBusy(false);
    if (saved) onDone();
  }

  const describe = (key: keyof RecordFormErrors) => (errors[key] ? `${id}-${key}-error` : undefined);

  return (
    <form ref={formRef} className="record-editor" aria-labelledby={`${id}-heading`} onSubmit={(e) => void submit(e)} noValidate>
      <h2 id={`${id}-heading`}>{isNew ? 'New item' : `Edit “${initial.title}”`}</h2>

      <label htmlFor={`${id}-type`}>Type</label>
      <select id={`${id}-type`} value={form.type} onChange={(e) => setForm((f) => withType(f, e.target.value as RecordType))}>
        {RECORD_TYPES.map((t) => (
          <option key={t} value={t}>
            {RECORD_TYPE_NAMES[t]}
          </option>
        ))}
      </select>

      <label htmlFor={`${id}-title`}>Title</label>
      <input
        ref={titleRef}
        id={`${id}-title`}
        type="text"
        required
        aria-required="true"
        aria-invalid={errors.title ? true : undefined}
        aria-describedby={describe('title')}
        value={form.title}
        onChange={(e) => set('title', e.target.value)}
      />
      {errors.title ? (
        <p id={`${id}-title-error`} className="field-error">
          {errors.title}
        </p>
      ) : null}

      {hasLoginFields(form.type) ? (
        <>
      <label htmlFor={`${id}-username`}>Username</label>
      <input id={`${id}-username`} type="text" autoComplete="off" value={form.username} onChange={(e) => set('username', e.target.value)} />

      <label htmlFor={`${id}-password`}>Password</label>
      <div className="input-with-actions">
        <input
          id={`${id}-password`}
          type={passwordShown ? 'text' : 'password'}
          autoComplete="new-password"
          spellCheck={false}
          value={form.password}
          onChange={(e) => set('password', e.target.value)}
        />
        <RevealToggle what="password" shown={passwordShown} onToggle={() => setPasswordShown((s) => !s)} />
        <button type="button" className="secondary" onClick={() => void generate()}>
          Generate
        </button>
      </div>
      <p role="status" className="hint">
        {status}
      </p>

      <label htmlFor={`${id}-website`}>Website</label>
      <input
        id={`${id}-website`}
        type="url"
        inputMode="url"
        placeholder="https://example.com"
        aria-invalid={errors.website ? true : undefined}
        aria-describedby={describe('website')}
        value={form.website}
        onChange={(e) => set('website', e.target.value)}
      />
      {errors.website ? (
        <p id={`${id}-website-error`} className="field-error">
          {errors.website}
        </p>
      ) : null}
        </>
      ) : (
        <TemplateFieldsEditor
          idPrefix={id}
          type={form.type}
          values={form.template}
          errors={errors}
          onChange={(name, value) => setForm((f) => ({ ...f, template: { ...f.template, [name]: value } }))}
        />
      )}

      <label htmlFor={`${id}-notes`}>Notes</label>
      <textarea id={`${id}-notes`} value={form.notes} onChange={(e) => set('notes', e.target.value)} />

      <label htmlFor={`${id}-folder`}>Folder</label>
      <input id={`${id}-folder`} type="text" list={`${id}-folders`} value={form.folder} onChange={(e) => set('folder', e.target.value)} />
      <datalist id={`${id}-folders`}>
        {folders.map((f) => (
          <option key={f} value={f} />
        ))}
      </datalist>

      {hasLoginFields(form.type) ? (
        <>
      <label htmlFor={`${id}-totp`}>TOTP secret</label>
      <input
        id={`${id}-totp`}
        type="text"
        autoComplete="off"
        spellCheck={false}
        aria-describedby={`${id}-totp-hint`}
        value={form.totp}
        onChange={(e) => set('totp', e.target.value)}
      />
      <p id={`${id}-totp-hint`} className="hint">
        The base32 secret or the otpauth:// link from the site’s two-factor setup.
      </p>
        </>
      ) : null}

      <div className="checkbox-row">
        <input id={`${id}-favorite`} type="checkbox" checked={form.favorite} onChange={(e) => set('favorite', e.target.checked)} />
        <label htmlFor={`${id}-favorite`}>Favorite</label>
      </div>

      <CustomFieldsEditor fields={form.fields} error={errors.fields} onChange={(fields) => set('fields', fields)} />

      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
