import { useState } from 'react';
import { RevealToggle } from './reveal-toggle';

const MASK = '••••••••';

/** A secret shown as dots until the user asks; the dots are not read out as the value. */
export function MaskedValue({ value, what }: { value: string; what: string }) {
  const [shown, setShown] = useState(false);
  return (
    <span className="masked-value">
      {shown ? (
        <code className="secret">{value}</code>
      ) : (
        <span className="secret">
          <span aria-hidden="true">{MASK}</span>
          <span className="sr-only">hidden</span>
        </span>
      )}
      <RevealToggle what={what} shown={shown} onToggle={() => setShown((s) => !s)} />
    </span>
  );
}
