/** Settings > General > Language: the system's (the default) or one chosen; it applies at once. */
import { useTranslation } from 'react-i18next';
import { LANGUAGE_CHOICES, type LanguageChoice } from '../../../../contract/language.js';
import type { Settings } from '../../../../contract/integrations.js';
import { useAction } from '../../api/client-context.js';
import { FormError, SelectField } from '../../components/Field.js';
import { systemLanguage } from '../../i18n/i18n.js';

export function LanguagePanel({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const update = useAction('settings.update');
  const label = (choice: LanguageChoice): string =>
    choice === 'system'
      ? t('language.system', { language: t(`language.${systemLanguage()}`) })
      : t(`language.${choice}`);
  return (
    <section className="card" aria-labelledby="language-title">
      <h3 id="language-title">{t('language.title')}</h3>
      <FormError error={update.error} fields={{}} />
      <SelectField
        label={t('language.label')}
        hint={t('language.hint')}
        value={settings.language}
        disabled={update.isPending}
        options={LANGUAGE_CHOICES.map((choice) => ({ value: choice, label: label(choice) }))}
        onChange={(e) => update.mutate({ language: e.currentTarget.value as LanguageChoice })}
      />
    </section>
  );
}
