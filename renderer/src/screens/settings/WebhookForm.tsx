/**
 * New Webhook / Edit webhook: Name, URL, Events (grouped as the seed does),
 * Deliver in order, an optional static header, Save. Field errors from the contract appear next
 * to the field; a failed save keeps everything as typed.
 */
import { useState, type FormEvent } from 'react';
import { FIELD_LABELS } from '../../../../contract/field-labels.js';
import { EVENT_GROUPS, type Webhook } from '../../../../contract/integrations.js';
import { useAction, useOp } from '../../api/client-context.js';
import { fieldError, fieldErrors } from '../../api/errors.js';
import { limitsOf } from '../../api/validate.js';
import { Checkbox, CheckGroup, FormError, TextField } from '../../components/Field.js';
import { navigate } from '../../router.js';
import { FormActions } from '../../components/FormActions.js';

export function WebhookFormScreen({ back, id }: { back: string; id?: string }) {
  const list = useOp('webhooks.list', {}, { enabled: !!id });
  const webhook = id ? list.data?.items.find((w) => w.id === id) : undefined;
  if (id && list.isPending) return <p className="hint">Loading…</p>;
  if (id && !webhook) return <p className="form-error">No webhook with id {id}.</p>;
  return <WebhookForm key={webhook?.id ?? 'new'} webhook={webhook} onDone={() => navigate(back)} />;
}

/** The server's length limits of the form's text fields. */
const maxLength = (field: 'name' | 'url' | 'headerName' | 'headerValue') =>
  limitsOf('webhooks.create', field).maxLength;

function WebhookForm({ webhook, onDone }: { webhook?: Webhook; onDone: () => void }) {
  const [name, setName] = useState(webhook?.name ?? '');
  const [url, setUrl] = useState(webhook?.url ?? '');
  const [events, setEvents] = useState<string[]>(webhook?.events ?? []);
  const [headerName, setHeaderName] = useState(webhook?.headerName ?? '');
  const [headerValue, setHeaderValue] = useState(webhook?.headerValue ?? '');
  const [ordered, setOrdered] = useState(webhook?.ordered ?? false);
  const create = useAction('webhooks.create', { onSuccess: onDone });
  const update = useAction('webhooks.update', { onSuccess: onDone });
  const save = webhook ? update : create;
  const errors = fieldErrors(save.error);
  const all = events.includes('*');

  const toggle = (event: string, on: boolean) =>
    setEvents((list) => (on ? [...list.filter((e) => e !== event), event] : list.filter((e) => e !== event)));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const header = headerName.trim()
      ? { headerName: headerName.trim(), headerValue }
      : { headerName: null, headerValue: null };
    const fields = { name, url, events: events as never[], ordered, ...header };
    if (webhook) update.mutate({ id: webhook.id, ...fields });
    else create.mutate(fields);
  };

  return (
    <section className="screen" aria-labelledby="webhook-form-title">
      <h2 id="webhook-form-title">{webhook ? `Edit ${webhook.name}` : 'New Webhook'}</h2>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="webhook-form-title">
        <FormError error={save.error} fields={errors} />
        <TextField
          label={FIELD_LABELS.name}
          maxLength={maxLength('name')}
          hint="Descriptive name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(errors, 'name')}
        />
        <TextField
          label={FIELD_LABELS.url}
          maxLength={maxLength('url')}
          hint="Target URL to be called (HTTPS, or a local/LAN address such as your n8n)"
          type="url"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          error={fieldError(errors, 'url')}
        />
        <CheckGroup legend={FIELD_LABELS.events} error={fieldError(errors, 'events')}>
          <p className="hint">Which events should trigger it</p>
          <Checkbox
            label="All events"
            checked={all}
            onChange={(e) => setEvents(e.currentTarget.checked ? ['*'] : [])}
          />
          <div className="event-groups">
            {EVENT_GROUPS.map((group) => (
              <fieldset key={group.label} className="event-group" disabled={all}>
                <legend>{group.label}</legend>
                {group.events.map((event) => (
                  <Checkbox
                    key={event}
                    label={event}
                    checked={all || events.includes(event)}
                    onChange={(e) => toggle(event, e.currentTarget.checked)}
                  />
                ))}
              </fieldset>
            ))}
          </div>
        </CheckGroup>
        <Checkbox
          label={FIELD_LABELS.ordered}
          checked={ordered}
          onChange={(e) => setOrdered(e.currentTarget.checked)}
        />
        <p className="hint">
          One delivery at a time: the next event waits until the earlier one succeeded or finally failed. Off,
          deliveries go out in parallel (faster).
        </p>
        <details className="optional">
          <summary>Custom header (optional)</summary>
          <p className="hint">
            Sent with every delivery, for receivers that check a header (n8n Header Auth).
          </p>
          <TextField
            label={FIELD_LABELS.headerName}
            maxLength={maxLength('headerName')}
            value={headerName}
            onChange={(e) => setHeaderName(e.currentTarget.value)}
            error={fieldError(errors, 'headerName')}
          />
          <TextField
            label={FIELD_LABELS.headerValue}
            maxLength={maxLength('headerValue')}
            value={headerValue}
            onChange={(e) => setHeaderValue(e.currentTarget.value)}
            error={fieldError(errors, 'headerValue')}
          />
        </details>
        <FormActions saving={save.isPending} onCancel={onDone} />
      </form>
    </section>
  );
}
