import { useEffect, useId } from 'react';
import type { PasswordCheck } from '../../../preload/contract';
import { useAppStore } from '../state/store-context';

export interface MasterPasswordValue {
  readonly password: string;
  readonly confirm: string;
}

/** Ready to submit: the rules (as main last judged this very password) hold and both fields agree. */
export function masterPasswordReady(value: MasterPasswordValue, check: PasswordCheck | null): boolean {
  return value.password !== '' && check !== null && check.ok && value.password === value.confirm;
}

/** "Master password" + "Confirm master password", a live strength meter and the unmet rules. */
export function MasterPasswordFields({
  value,
  onChange,
  labels = { password: 'Master password', confirm: 'Confirm master password' },
}: {
  value: MasterPasswordValue;
  onChange: (value: MasterPasswordValue) => void;
  /** Settings → Change master password names them "New …". */
  labels?: { readonly password: string; readonly confirm: string };
}) {
  const check = useAppStore((s) => s.passwordCheck);
  const checkMasterPassword = useAppStore((s) => s.checkMasterPassword);
  const passwordId = useId();
  const confirmId = useId();
  const meterId = useId();
  const rulesId = useId();
  const mismatchId = useId();

  // Main judges the password (the policy's rules live there); the first check lists every rule.
  useEffect(() => {
    void checkMasterPassword(value.password);
  }, [value.password, checkMasterPassword]);

  const mismatch = value.confirm !== '' && value.confirm !== value.password;
  const unmet = check?.unmet ?? [];
  return (
    <div className="master-password">
      <label htmlFor={passwordId}>{labels.password}</label>
      <input
        id={passwordId}
        type="password"
        autoComplete="new-password"
        aria-describedby={rulesId}
        value={value.password}
        onChange={(e) => onChange({ ...value, password: e.target.value })}
      />
      <div className="strength">
        <label htmlFor={meterId}>Password strength</label>
        <meter
          id={meterId}
          className="meter"
          min={0}
          max={4}
          low={2}
          high={3}
          optimum={4}
          value={value.password === '' ? 0 : (check?.score ?? 0)}
          aria-valuetext={check?.label ?? ''}
        />
        <span className="strength-label" aria-live="polite">
          {value.password === '' ? '' : (check?.label ?? '')}
        </span>
      </div>
      <div id={rulesId}>
        {unmet.length > 0 ? (
          <>
            <p className="hint" id={`${rulesId}-title`}>
              Your master password still needs:
            </p>
            <ul className="unmet-rules" aria-labelledby={`${rulesId}-title`}>
              {unmet.map((rule) => (
                <li key={rule}>{rule}</li>
              ))}
            </ul>
          </>
        ) : value.password !== '' && check?.ok ? (
          <p className="hint">Meets your organisation’s rules.</p>
        ) : null}
      </div>
      <label htmlFor={confirmId}>{labels.confirm}</label>
      <input
        id={confirmId}
        type="password"
        autoComplete="new-password"
        aria-invalid={mismatch}
        aria-describedby={mismatch ? mismatchId : undefined}
        value={value.confirm}
        onChange={(e) => onChange({ ...value, confirm: e.target.value })}
      />
      {mismatch ? (
        <p id={mismatchId} className="hint field-error">
          The two passwords do not match.
        </p>
      ) : null}
    </div>
  );
}
