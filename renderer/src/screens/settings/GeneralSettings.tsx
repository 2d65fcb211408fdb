/** Settings > General: retries, limits, timeout, log retention and auto-disable (settings.update, deep-merged), Company, Backups and Language. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { perKeyDailyLimit, type Settings } from '../../../../contract/integrations.js';
import { useAction, useOp } from '../../api/client-context.js';
import { fieldError, fieldErrors } from '../../api/errors.js';
import { FormError, TextField } from '../../components/Field.js';
import { currentLocale } from '../../i18n/i18n.js';
import { SaveActions } from '../../components/FormActions.js';
import { BackupsPanel } from './BackupsPanel.js';
import { CompanyPanel } from './CompanyPanel.js';
import { LanguagePanel } from './LanguagePanel.js';

type Form = Record<
  | 'retrySchedule'
  | 'incomingPerMinute'
  | 'apiCallsPerDay'
  | 'apiCallsPerKeyPerDay'
  | 'outgoingPerHour'
  | 'deliveryTimeoutMs'
  | 'logRetentionDays'
  | 'autoDisableAfterDays',
  string
>;

const fromSettings = (s: Settings): Form => ({
  retrySchedule: s.retrySchedule.join(', '),
  incomingPerMinute: String(s.rateLimits.incomingPerMinute),
  apiCallsPerDay: String(s.rateLimits.apiCallsPerDay),
  apiCallsPerKeyPerDay:
    s.rateLimits.apiCallsPerKeyPerDay === null ? '' : String(s.rateLimits.apiCallsPerKeyPerDay),
  outgoingPerHour: String(s.rateLimits.outgoingPerHour),
  deliveryTimeoutMs: String(s.deliveryTimeoutMs),
  logRetentionDays: String(s.logRetentionDays),
  autoDisableAfterDays: String(s.autoDisable.afterDays),
});

/** What an empty per-key field means with the total as typed. */
function perKeyHint(total: string, t: TFunction<'general'>): string {
  const n = total.trim() === '' ? NaN : Number(total);
  const empty = !Number.isInteger(n)
    ? t('perKey.half')
    : n === 0
      ? t('perKey.unlimited')
      : t('perKey.halfNow', {
          limit: perKeyDailyLimit({ apiCallsPerDay: n, apiCallsPerKeyPerDay: null }).toLocaleString(
            currentLocale(),
          ),
        });
  return t('perKey.hint', { empty });
}

function SettingsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation('general');
  const [form, setForm] = useState(() => fromSettings(settings));
  const [saved, setSaved] = useState(false);
  const update = useAction('settings.update', { onSuccess: () => setSaved(true) });
  const errors = fieldErrors(update.error);
  const field = (key: keyof Form, path: string, hint?: string) => (
    <TextField
      label={t(`fields.${key}`)}
      hint={hint}
      inputMode="numeric"
      value={form[key]}
      onChange={(e) => {
        setSaved(false);
        setForm({ ...form, [key]: e.currentTarget.value });
      }}
      error={fieldError(errors, path)}
    />
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      retrySchedule: form.retrySchedule
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number),
      rateLimits: {
        incomingPerMinute: Number(form.incomingPerMinute),
        apiCallsPerDay: Number(form.apiCallsPerDay),
        // Empty: not set, so it follows the total (half of it).
        apiCallsPerKeyPerDay:
          form.apiCallsPerKeyPerDay.trim() === '' ? null : Number(form.apiCallsPerKeyPerDay),
        outgoingPerHour: Number(form.outgoingPerHour),
      },
      deliveryTimeoutMs: Number(form.deliveryTimeoutMs),
      logRetentionDays: Number(form.logRetentionDays),
      autoDisable: { afterDays: Number(form.autoDisableAfterDays) },
    });
  };
  return (
    <form className="card" onSubmit={submit} noValidate aria-labelledby="general-title">
      <FormError error={update.error} fields={errors} />
      {field('retrySchedule', 'retrySchedule', t('fields.retryScheduleHint'))}
      {field('outgoingPerHour', 'rateLimits.outgoingPerHour', t('fields.unlimited'))}
      {field('incomingPerMinute', 'rateLimits.incomingPerMinute', t('fields.unlimited'))}
      {field('apiCallsPerDay', 'rateLimits.apiCallsPerDay', t('fields.unlimited'))}
      {field('apiCallsPerKeyPerDay', 'rateLimits.apiCallsPerKeyPerDay', perKeyHint(form.apiCallsPerDay, t))}
      {field('deliveryTimeoutMs', 'deliveryTimeoutMs')}
      {field('logRetentionDays', 'logRetentionDays')}
      {field('autoDisableAfterDays', 'autoDisable.afterDays', t('fields.autoDisableHint'))}
      <SaveActions saving={update.isPending} saved={saved} />
    </form>
  );
}

export function GeneralSettings() {
  const { t } = useTranslation('general');
  const settings = useOp('settings.get', {});
  return (
    <section className="screen" aria-labelledby="general-title">
      <h2 id="general-title">{t('title')}</h2>
      {settings.isError ? (
        <p className="form-error" role="alert">
          {settings.error.message}
        </p>
      ) : null}
      {settings.data ? <SettingsForm settings={settings.data} /> : <p className="hint">{t('loading')}</p>}
      {settings.data ? <CompanyPanel settings={settings.data} /> : null}
      {settings.data ? <BackupsPanel settings={settings.data} /> : null}
      {settings.data ? <LanguagePanel settings={settings.data} /> : null}
    </section>
  );
}
