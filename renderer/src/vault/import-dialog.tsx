import { ImportFlow } from '../import/import-flow';
import { ModalDialog } from '../components/modal-dialog';
import { useAppStore } from '../state/store-context';

export function ImportDialog({ onClose }: { onClose: () => void }) {
  const running = useAppStore((s) => s.importPhase.kind === 'running');
  return (
    <ModalDialog title="Import passwords" onClose={onClose} closable={!running} className="modal-wide">
      <ImportFlow onDone={onClose} onCancel={onClose} />
    </ModalDialog>
  );
}
