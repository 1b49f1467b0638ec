/** "Show X" / "Hide X": a toggle button whose pressed state says whether the secret is visible. */
export function RevealToggle({ what, shown, onToggle, className }: { what: string; shown: boolean; onToggle: () => void; className?: string }) {
  return (
    <button type="button" className={className ?? 'secondary'} aria-pressed={shown} onClick={onToggle}>
      {shown ? `Hide ${what}` : `Show ${what}`}
    </button>
  );
}
