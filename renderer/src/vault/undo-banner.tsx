import { useEffect } from 'react';
import { useAppStore } from '../state/store-context';

const UNDO_MS = 10_000;

/** "Deleted “X”. Undo" — offered for ten seconds after a delete. */
export function UndoBanner() {
  const undoable = useAppStore((s) => s.undoable);
  const undoDelete = useAppStore((s) => s.undoDelete);
  const dismissUndo = useAppStore((s) => s.dismissUndo);

  useEffect(() => {
    if (!undoable) return;
    const timer = window.setTimeout(dismissUndo, UNDO_MS);
    return () => window.clearTimeout(timer);
  }, [undoable, dismissUndo]);

  return (
    <div role="status" className="undo-region">
      {undoable ? (
        <div className="banner banner-ok undo-banner">
          <span>Deleted “{undoable.title || 'Untitled'}”. </span>
          <button type="button" className="link" onClick={() => void undoDelete()}>
            Undo
          </button>
        </div>
      ) : null}
    </div>
  );
}
