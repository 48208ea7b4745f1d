import type { ReactNode } from 'react';

/** An in-page confirmation (not window.confirm): it can say what goes with the deletion. */
export function Confirm({ children, confirmLabel, onConfirm, onCancel }: { children: ReactNode; confirmLabel: string; onConfirm(): void; onCancel(): void }) {
  return (
    <div role="alertdialog" aria-modal="false" aria-labelledby="confirm-text" className="confirm">
      <p id="confirm-text">{children}</p>
      <button type="button" className="danger" onClick={onConfirm}>{confirmLabel}</button>
      <button type="button" onClick={onCancel}>Cancel</button>
    </div>
  );
}
