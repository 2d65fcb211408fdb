/** Settings > General: retries, limits, timeout, log retention and auto-disable (settings.update, deep-merged), and Backups. */
import { useState, type FormEvent } from 'react';
import { perKeyDailyLimit, type Settings } from '../../../../contract/integrations.js';
import { useAction, useOp } from '../../api/client-context.js';
import { fieldError, fieldErrors } from '../../api/errors.js';
import { FormError, TextField } from '../../components/Field.js';
import { SaveActions } from '../../components/FormActions.js';
import { BackupsPanel } from './BackupsPanel.js';
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
function perKeyHint(total: string): string {
  const n = total.trim() === '' ? NaN : Number(total);
  const empty = !Number.isInteger(n)
    ? 'half the total'
    : n === 0
      ? 'unlimited, like the total'
      : `half the total, now ${perKeyDailyLimit({ apiCallsPerDay: n, apiCallsPerKeyPerDay: null }).toLocaleString('en-US')}`;
  return `So one key cannot use up the total for the others. Empty: ${empty}; 0 is unlimited.`;
}

function SettingsForm({ settings }: { settings: Settings }) {
  const [form, setForm] = useState(() => fromSettings(settings));
  const [saved, setSaved] = useState(false);
  const update = useAction('settings.update', { onSuccess: () => setSaved(true) });
  const errors = fieldErrors(update.error);
  const field = (key: keyof Form, label: string, path: string, hint?: string) => (
    <TextField
      label={label}
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
      {field(
        'retrySchedule',
        'Retry schedule (seconds)',
        'retrySchedule',
        'Wait after each failed attempt: 60, 300, 1800, 7200 is 1 min, 5 min, 30 min, 2 h.',
      )}
      {field('outgoingPerHour', 'Outgoing webhooks per hour', 'rateLimits.outgoingPerHour', '0 is unlimited')}
      {field(
        'incomingPerMinute',
        'Incoming webhooks per minute',
        'rateLimits.incomingPerMinute',
        '0 is unlimited',
      )}
      {field('apiCallsPerDay', 'Total API calls per day', 'rateLimits.apiCallsPerDay', '0 is unlimited')}
      {field(
        'apiCallsPerKeyPerDay',
        'API calls per key per day',
        'rateLimits.apiCallsPerKeyPerDay',
        perKeyHint(form.apiCallsPerDay),
      )}
      {field('deliveryTimeoutMs', 'Delivery timeout (ms)', 'deliveryTimeoutMs')}
      {field('logRetentionDays', 'Keep the log for (days)', 'logRetentionDays')}
      {field(
        'autoDisableAfterDays',
        'Disable a failing webhook after (days)',
        'autoDisable.afterDays',
        'When every delivery has failed this long; 0 is never. Replay sends what it missed.',
      )}
      <SaveActions saving={update.isPending} saved={saved} />
    </form>
  );
}

export function GeneralSettings() {
  const settings = useOp('settings.get', {});
  return (
    <section className="screen" aria-labelledby="general-title">
      <h2 id="general-title">General</h2>
      {settings.isError ? (
        <p className="form-error" role="alert">
          {settings.error.message}
        </p>
      ) : null}
      {settings.data ? <SettingsForm settings={settings.data} /> : <p className="hint">Loading…</p>}
      {settings.data ? <BackupsPanel settings={settings.data} /> : null}
      {settings.data ? <LanguagePanel settings={settings.data} /> : null}
    </section>
  );
}
