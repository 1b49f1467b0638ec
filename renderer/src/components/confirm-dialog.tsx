import type { ReactNode } from 'react';
import { ModalDialog } from './modal-dialog';

export interface ConfirmDialogProps {
  readonly title: string;
  readonly children?: ReactNode;
  readonly confirmLabel: string;
  readonly danger?: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/** Asks once; Cancel takes the focus so Enter never destroys by accident. */
export function ConfirmDialog({ title, children, confirmLabel, danger = false, onConfirm, onCancel }: ConfirmDialogProps) {
  return (
    <ModalDialog title={title} onClose={onCancel}>
      {children}
      <div className="row">
        <button type="button" className={danger ? 'danger' : 'primary'} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" className="secondary" onClick={onCancel} data-autofocus>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}
