/**
 * New Webhook / Edit webhook: Name, URL, Events (grouped as the seed does),
 * Deliver in order, an optional filter (JSON rules on the payload, checked by the core), an
 * optional static header, Save. Field errors from the contract appear next to the field; a failed
 * save keeps everything as typed. A new webhook's half-filled form is a draft (lib/use-draft.ts)
 * until saved or cancelled; the header's value is never kept in it.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { HEALTH_EVENT_GROUP_LABEL, isHealthEvent } from '../../../../contract/health-events.js';
import { EVENT_GROUPS, type Webhook } from '../../../../contract/integrations.js';
import type { WebhookFilter } from '../../../../contract/webhook-filter.js';
import { RESOURCES, type ResourceKey } from '../../../../contract/resources.js';
import { useAction, useOp } from '../../api/client-context.js';
import { fieldError, fieldErrors } from '../../api/errors.js';
import { limitsOf } from '../../api/validate.js';
import { Checkbox, CheckGroup, FormError, TextArea, TextField } from '../../components/Field.js';
import { navigate } from '../../router.js';
import { FormActions } from '../../components/FormActions.js';
import { i18n } from '../../i18n/i18n.js';
import { DisabledReason, WebhookStateBadge } from './WebhookCard.js';
import { WebhookEnable } from './WebhookEnable.js';
import { useDraft } from '../../lib/use-draft.js';

/** An event group's name in the window's language: the group is an object's, named as in the nav. */
export function eventGroupLabel(label: string): string {
  if (label === HEALTH_EVENT_GROUP_LABEL) return i18n.t('eventGroups.webhookHealth');
  const key = (Object.keys(RESOURCES) as ResourceKey[]).find((k) => RESOURCES[k].label === label);
  return key ? i18n.t(`objects.${key}`) : label;
}

export function WebhookFormScreen({ back, id }: { back: string; id?: string }) {
  const { t } = useTranslation('webhooks', { keyPrefix: 'form' });
  const { t: tc } = useTranslation();
  const list = useOp('webhooks.list', {}, { enabled: !!id });
  const webhook = id ? list.data?.items.find((w) => w.id === id) : undefined;
  if (id && list.isPending) return <p className="hint">{tc('app.loading')}</p>;
  if (id && !webhook) return <p className="form-error">{t('notFound', { id })}</p>;
  return (
    <>
      <WebhookForm key={webhook?.id ?? 'new'} webhook={webhook} onDone={() => navigate(back)} />
      {webhook ? <WebhookState webhook={webhook} /> : null}
    </>
  );
}

/** The webhook's own settings page says its state and has Disable and Enable too (the seed's security steps). */
function WebhookState({ webhook }: { webhook: Webhook }) {
  const { t } = useTranslation('webhooks', { keyPrefix: 'form' });
  return (
    <section className="card" aria-labelledby="webhook-state-title">
      <h3 id="webhook-state-title">
        {t('stateTitle')} <WebhookStateBadge webhook={webhook} />
      </h3>
      <DisabledReason webhook={webhook} />
      <p className="hint">{webhook.enabled ? t('enabledHint') : t('disabledHint')}</p>
      <div className="actions">
        <WebhookEnable webhook={webhook} />
      </div>
    </section>
  );
}

/** The server's length limits of the form's text fields. */
const maxLength = (field: 'name' | 'url' | 'headerName' | 'headerValue') =>
  limitsOf('webhooks.create', field).maxLength;

/** What a new webhook's draft keeps (lib/use-draft.ts): never the header's value, which may be a password. */
interface WebhookDraft {
  name: string;
  url: string;
  events: string[];
  headerName: string;
  ordered: boolean;
}

function WebhookForm({ webhook, onDone }: { webhook?: Webhook; onDone: () => void }) {
  const { t } = useTranslation('webhooks', { keyPrefix: 'form' });
  const { t: te } = useTranslation('editor');
  // Only a new webhook's form is a draft: an edit starts from what is saved.
  const [form, setForm, draft] = useDraft<WebhookDraft>(webhook ? undefined : 'webhooks.new', {
    name: webhook?.name ?? '',
    url: webhook?.url ?? '',
    events: webhook?.events ?? [],
    headerName: webhook?.headerName ?? '',
    ordered: webhook?.ordered ?? false,
  });
  const { name, url, events, headerName, ordered } = form;
  const set = <K extends keyof WebhookDraft>(field: K, value: WebhookDraft[K]) =>
    setForm((f) => ({ ...f, [field]: value }));
  const [headerValue, setHeaderValue] = useState(webhook?.headerValue ?? '');
  const [filterText, setFilterText] = useState(
    webhook?.filter ? JSON.stringify(webhook.filter, null, 2) : '',
  );
  const [filterProblem, setFilterProblem] = useState<string | null>(null);
  const done = () => {
    draft.clear();
    onDone();
  };
  const create = useAction('webhooks.create', { onSuccess: done });
  const update = useAction('webhooks.update', { onSuccess: done });
  const save = webhook ? update : create;
  const errors = fieldErrors(save.error);
  const all = events.includes('*');

  const toggle = (event: string, on: boolean) =>
    setForm((f) => ({
      ...f,
      events: on ? [...f.events.filter((e) => e !== event), event] : f.events.filter((e) => e !== event),
    }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const header = headerName.trim()
      ? { headerName: headerName.trim(), headerValue }
      : { headerName: null, headerValue: null };
    let filter: WebhookFilter | null = null;
    if (filterText.trim()) {
      try {
        // The core checks the rules and answers a 422 at the field; here only the JSON is read.
        filter = JSON.parse(filterText) as WebhookFilter;
      } catch (error) {
        setFilterProblem(t('filterNotJson', { problem: (error as Error).message }));
        return;
      }
    }
    setFilterProblem(null);
    const fields = { name, url, events: events as never[], ordered, filter, ...header };
    if (webhook) update.mutate({ id: webhook.id, ...fields });
    else create.mutate(fields);
  };

  return (
    <section className="screen" aria-labelledby="webhook-form-title">
      <h2 id="webhook-form-title">{webhook ? t('editTitle', { name: webhook.name }) : t('newTitle')}</h2>
      <form className="card" onSubmit={submit} noValidate aria-labelledby="webhook-form-title">
        {draft.restored ? (
          <p className="notice" role="status">
            {te('form.draftRestored')} {headerName.trim() ? t('headerValueNotKept') : null}
          </p>
        ) : null}
        <FormError error={save.error} fields={errors} />
        <TextField
          label={t('name')}
          maxLength={maxLength('name')}
          hint={t('nameHint')}
          value={name}
          onChange={(e) => set('name', e.currentTarget.value)}
          error={fieldError(errors, 'name')}
        />
        <TextField
          label={t('url')}
          maxLength={maxLength('url')}
          hint={t('urlHint')}
          type="url"
          value={url}
          onChange={(e) => set('url', e.currentTarget.value)}
          error={fieldError(errors, 'url')}
        />
        <CheckGroup legend={t('events')} error={fieldError(errors, 'events')}>
          <p className="hint">{t('eventsHint')}</p>
          <Checkbox
            label={t('allEvents')}
            checked={all}
            // "All events" does not take the health events: those ticked stay as they are.
            onChange={(e) =>
              set('events', [...(e.currentTarget.checked ? ['*'] : []), ...events.filter(isHealthEvent)])
            }
          />
          <div className="event-groups">
            {EVENT_GROUPS.map((group) => (
              <fieldset
                key={group.label}
                className="event-group"
                disabled={all && group.label !== HEALTH_EVENT_GROUP_LABEL}
              >
                <legend>{eventGroupLabel(group.label)}</legend>
                {group.events.map((event) => (
                  <Checkbox
                    key={event}
                    label={event}
                    checked={(all && !isHealthEvent(event)) || events.includes(event)}
                    onChange={(e) => toggle(event, e.currentTarget.checked)}
                  />
                ))}
              </fieldset>
            ))}
          </div>
        </CheckGroup>
        <Checkbox
          label={t('ordered')}
          checked={ordered}
          onChange={(e) => set('ordered', e.currentTarget.checked)}
        />
        <p className="hint">{t('orderedHint')}</p>
        <details
          className="optional"
          open={!!webhook?.filter || !!filterProblem || !!fieldError(errors, 'filter') || undefined}
        >
          <summary>{t('filter')}</summary>
          <TextArea
            label={t('filterRules')}
            hint={t('filterHint')}
            rows={4}
            spellCheck={false}
            value={filterText}
            onChange={(e) => setFilterText(e.currentTarget.value)}
            error={filterProblem ?? fieldError(errors, 'filter')}
          />
        </details>
        <details className="optional" open={draft.restored && !!headerName.trim() ? true : undefined}>
          <summary>{t('header')}</summary>
          <p className="hint">{t('headerHint')}</p>
          <TextField
            label={t('headerName')}
            maxLength={maxLength('headerName')}
            value={headerName}
            onChange={(e) => set('headerName', e.currentTarget.value)}
            error={fieldError(errors, 'headerName')}
          />
          <TextField
            label={t('headerValue')}
            maxLength={maxLength('headerValue')}
            value={headerValue}
            onChange={(e) => setHeaderValue(e.currentTarget.value)}
            error={fieldError(errors, 'headerValue')}
          />
        </details>
        <FormActions saving={save.isPending} onCancel={done} />
      </form>
    </section>
  );
}
