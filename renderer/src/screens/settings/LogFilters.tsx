/** The log's filters: webhook, event, status and time range (the same fields export honours). */
import { useTranslation } from 'react-i18next';
import { DELIVERY_STATUSES, EVENT_TYPES } from '../../../../contract/integrations.js';
import { useOp } from '../../api/client-context.js';
import { SelectField, TextField } from '../../components/Field.js';
import { statusLabel } from '../../components/StatusBadge.js';
import { localToIso } from '../../lib/format.js';

export interface FilterValues {
  webhookId: string;
  eventType: string;
  status: string;
  from: string;
  to: string;
}

export const NO_FILTERS: FilterValues = { webhookId: '', eventType: '', status: '', from: '', to: '' };

/** The contract's logFilters from the form: empty fields left out, local times as UTC. */
export function toLogFilters(f: FilterValues) {
  const from = localToIso(f.from);
  const to = localToIso(f.to);
  return {
    ...(f.webhookId ? { webhookId: f.webhookId } : {}),
    ...(f.eventType ? { eventType: f.eventType } : {}),
    ...(f.status ? { status: f.status as (typeof DELIVERY_STATUSES)[number] } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

export function LogFilters({
  value,
  onChange,
}: {
  value: FilterValues;
  onChange: (v: FilterValues) => void;
}) {
  const { t } = useTranslation('log', { keyPrefix: 'filters' });
  const webhooks = useOp('webhooks.list', {});
  const set = (key: keyof FilterValues) => (e: { currentTarget: { value: string } }) =>
    onChange({ ...value, [key]: e.currentTarget.value });
  return (
    <fieldset className="filters">
      <legend>{t('legend')}</legend>
      <SelectField
        label={t('webhook')}
        value={value.webhookId}
        onChange={set('webhookId')}
        options={[
          { value: '', label: t('allWebhooks') },
          ...(webhooks.data?.items ?? []).map((w) => ({ value: w.id, label: w.name })),
        ]}
      />
      <SelectField
        label={t('event')}
        value={value.eventType}
        onChange={set('eventType')}
        options={[{ value: '', label: t('allEvents') }, ...EVENT_TYPES.map((e) => ({ value: e, label: e }))]}
      />
      <SelectField
        label={t('status')}
        value={value.status}
        onChange={set('status')}
        options={[
          { value: '', label: t('allStatuses') },
          ...DELIVERY_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })),
        ]}
      />
      <TextField label={t('from')} type="datetime-local" value={value.from} onChange={set('from')} />
      <TextField label={t('to')} type="datetime-local" value={value.to} onChange={set('to')} />
      <button type="button" className="ghost" onClick={() => onChange(NO_FILTERS)}>
        {t('clear')}
      </button>
    </fieldset>
  );
}
