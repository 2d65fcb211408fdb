/** A button that asks first, in a modal <dialog> (Escape or Cancel closes it). */
import { useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function ConfirmButton({
  children,
  question,
  confirmLabel,
  onConfirm,
  className = 'danger',
  disabled,
}: {
  children: ReactNode;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  className?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        className={className}
        disabled={disabled}
        onClick={() => dialog.current?.showModal()}
      >
        {children}
      </button>
      <dialog ref={dialog} className="confirm" aria-label={question}>
        <form method="dialog">
          <p>{question}</p>
          <div className="actions">
            <button type="submit" value="cancel">
              {t('form.cancel')}
            </button>
            <button type="submit" value="confirm" className="danger" onClick={() => onConfirm()}>
              {confirmLabel}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
