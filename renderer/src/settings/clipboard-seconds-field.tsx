import { useEffect, useId, useState } from 'react';
import { CLIPBOARD_CLEAR_MAX_SECONDS } from '../../../main/shared/setting-names';
import { useAppStore } from '../state/store-context';
import { ManagedNote } from './managed-note';

const NAME = 'clipboardClearSeconds';
const MAX = CLIPBOARD_CLEAR_MAX_SECONDS;

/** Saved when the field loses focus or Enter is pressed, once the number is valid. */
export function ClipboardSecondsField() {
  const view = useAppStore((s) => s.settings[NAME]);
  const updateSetting = useAppStore((s) => s.updateSetting);
  const id = useId();
  const current = typeof view?.value === 'number' ? view.value : null;
  const [text, setText] = useState(current === null ? '' : String(current));
  const [invalid, setInvalid] = useState(false);
  const managed = view !== undefined && (view.managed || view.locked);

  useEffect(() => {
    if (current !== null) setText(String(current));
  }, [current]);

  function commit() {
    const trimmed = text.trim();
    const seconds = Number(trimmed);
    const ok = /^\d+$/.test(trimmed) && seconds <= MAX;
    setInvalid(!ok);
    if (ok && seconds !== current) void updateSetting(NAME, seconds);
  }

  const described = [`${id}-hint`, invalid ? `${id}-error` : null, managed ? `${id}-managed` : null].filter(Boolean).join(' ');
  return (
    <div className="setting">
      <label htmlFor={id}>Clear clipboard after (seconds)</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={0}
        max={MAX}
        step={1}
        value={text}
        disabled={view === undefined || managed}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={described}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
        }}
      />
      <p id={`${id}-hint`} className="hint">
        0 keeps copied passwords on the clipboard.
      </p>
      {invalid ? (
        <p id={`${id}-error`} className="field-error">
          Enter a whole number of seconds from 0 to {MAX}.
        </p>
      ) : null}
      {managed ? <ManagedNote id={`${id}-managed`} source={view.source} /> : null}
    </div>
  );
}
