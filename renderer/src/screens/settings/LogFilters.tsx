/** The log's filters: webhook, event, status and time range (the same fields export honours). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DELIVERY_STATUSES, EVENT_TYPES } from '../../../../contract/integrations.js';
import { useOp } from '../../api/client-context.js';
import { DateTimeField } from '../../components/DateField.js';
import { SelectField } from '../../components/Field.js';
import { statusLabel } from '../../components/StatusBadge.js';
import { currentLocale } from '../../i18n/i18n.js';
import { dateTimeText, localDateTimeOf } from '../../lib/calendar-date.js';
import { localToIso } from '../../lib/format.js';

export interface FilterValues {
  webhookId: string;
  eventType: string;
  status: string;
  from: string;
  to: string;
}

export const NO_FILTERS: FilterValues = { webhookId: '', eventType: '', status: '', from: '', to: '' };

/** A From or To that is a time (`YYYY-MM-DDTHH:MM`, as DateTimeField holds it) as ISO UTC; text still being typed is none. */
const timeOf = (local: string): string | undefined => {
  const valid = localDateTimeOf(local);
  return valid ? localToIso(valid) : undefined;
};

/** The contract's logFilters from the form: empty fields and text that is no time yet left out, local times as UTC. */
export function toLogFilters(f: FilterValues) {
  const from = timeOf(f.from);
  const to = timeOf(f.to);
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
  const setTime = (key: 'from' | 'to') => (time: string) => onChange({ ...value, [key]: time });
  const [left, setLeft] = useState({ from: false, to: false });
  /** Text in From or To that is no time, once the field was left: the filter leaves it out and says what to type. */
  const unread = (key: 'from' | 'to') =>
    left[key] && value[key].trim() !== '' && !localDateTimeOf(value[key])
      ? t('unreadTime', { label: t(key), example: dateTimeText('2026-12-31T14:30', currentLocale()) })
      : undefined;
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
      <DateTimeField
        label={t('from')}
        value={value.from}
        onChange={setTime('from')}
        onBlur={() => setLeft((l) => ({ ...l, from: true }))}
        error={unread('from')}
      />
      <DateTimeField
        label={t('to')}
        value={value.to}
        onChange={setTime('to')}
        onBlur={() => setLeft((l) => ({ ...l, to: true }))}
        error={unread('to')}
      />
      <button type="button" className="ghost" onClick={() => onChange(NO_FILTERS)}>
        {t('clear')}
      </button>
    </fieldset>
  );
}
