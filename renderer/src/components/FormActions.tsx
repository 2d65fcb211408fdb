/** Save and Cancel at the foot of every form; Save says when it is on its way. */
import { useTranslation } from 'react-i18next';

export function FormActions({ saving, onCancel }: { saving: boolean; onCancel: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={saving}>
        {saving ? t('form.saving') : t('form.save')}
      </button>
      <button type="button" onClick={onCancel}>
        {t('form.cancel')}
      </button>
    </div>
  );
}

/** Save for a settings form that stays on its page: "Saved." once the change is in. */
export function SaveActions({ saving, saved }: { saving: boolean; saved: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={saving}>
        {t('form.save')}
      </button>
      {saved ? <span role="status">{t('form.saved')}</span> : null}
    </div>
  );
}
