/**
 * Settings > Webhooks: "Send webhook health events to" (`healthEventsTo`): one of the owner's
 * webhooks gets webhook.failing, webhook.disabled and webhook.recovered, or none (the default).
 */
import { useTranslation } from 'react-i18next';
import type { Webhook } from '../../../../contract/integrations.js';
import { useAction, useOp } from '../../api/client-context.js';
import { fieldError, fieldErrors } from '../../api/errors.js';
import { FormError, SelectField } from '../../components/Field.js';

export function HealthEventsPanel({ webhooks }: { webhooks: readonly Webhook[] }) {
  const { t } = useTranslation('webhooks', { keyPrefix: 'health' });
  const settings = useOp('settings.get', {});
  const update = useAction('settings.update');
  const errors = fieldErrors(update.error);
  if (!settings.data) return null;
  // A key's REST-hook subscription is not the owner's: it is not offered.
  const own = webhooks.filter((w) => w.source === 'app');
  return (
    <section className="card" aria-labelledby="health-events-title">
      <h3 id="health-events-title">{t('title')}</h3>
      <FormError error={update.error} fields={errors} />
      <SelectField
        label={t('label')}
        hint={t('hint')}
        value={settings.data.healthEventsTo ?? ''}
        disabled={update.isPending}
        error={fieldError(errors, 'healthEventsTo')}
        options={[
          { value: '', label: t('none') },
          ...own.map((w) => ({ value: w.id, label: `${w.name} (${w.url})` })),
        ]}
        onChange={(e) => update.mutate({ healthEventsTo: e.currentTarget.value || null })}
      />
    </section>
  );
}
