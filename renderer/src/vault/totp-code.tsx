import { useEffect, useState } from 'react';
import type { ContractError } from '../../../preload/contract';
import { errorText } from '../errors/error-text';
import { useAppStore } from '../state/store-context';

type CodeState = { readonly kind: 'loading' } | { readonly kind: 'code'; readonly code: string; readonly secondsLeft: number } | { readonly kind: 'failed'; readonly error: ContractError };

function grouped(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}

/** The current one-time code, asked of main every second (the secret never reaches the renderer's clock maths). */
export function TotpCode({ recordId }: { recordId: string }) {
  const totpCode = useAppStore((s) => s.totpCode);
  const copyField = useAppStore((s) => s.copyField);
  const [state, setState] = useState<CodeState>({ kind: 'loading' });

  useEffect(() => {
    let alive = true;
    const refresh = async () => {
      const result = await totpCode(recordId);
      if (!alive) return;
      setState(result.ok ? { kind: 'code', ...result.value } : { kind: 'failed', error: result.error });
    };
    setState({ kind: 'loading' });
    void refresh();
    const timer = window.setInterval(() => void refresh(), 1000);
    return () => {
      alive = false;
      window.clearInterval(timer);
    };
  }, [recordId, totpCode]);

  if (state.kind === 'failed') return <span className="muted">{errorText(state.error).title}</span>;
  if (state.kind === 'loading') return <span className="muted">Loading code…</span>;
  return (
    <span className="value-with-actions">
      <code className="totp">
        {grouped(state.code)}
      </code>
      <span className="muted totp-seconds">
        {state.secondsLeft} s left
      </span>
      <button type="button" className="secondary" onClick={() => void copyField(recordId, 'totp')}>
        Copy code
      </button>
    </span>
  );
}
