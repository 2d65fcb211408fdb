/** One webhook: its state, 14-day chart, secret, and Disable/Enable, Send test, Rotate secret, Edit, Delete. */
import { useState } from 'react';
import { KEY_DISABLED, KEY_REVOKED, type Webhook } from '../../../../contract/integrations.js';
import { useAction } from '../../api/client-context.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { CopyButton } from '../../components/CopyButton.js';
import { DeliveryChart } from '../../components/DeliveryChart.js';
import { Link } from '../../router.js';

/** What the reasons a key's subscription was disabled with mean for the owner. */
const KEY_REASON_HINTS: Record<string, string> = {
  [KEY_REVOKED]:
    'the API key that subscribed it was revoked, so it gets no more events; the integration has to subscribe again with a new key',
  [KEY_DISABLED]:
    'the API key that subscribed it is disabled; enabling the key in Incoming Webhooks enables this subscription again',
};

export function WebhookCard({ webhook, editPath }: { webhook: Webhook; editPath: string }) {
  const [notice, setNotice] = useState<string | null>(null);
  const [showSecret, setShowSecret] = useState(false);
  const setEnabled = useAction('webhooks.setEnabled', { alsoRefresh: ['dispatch', 'log'] });
  const sendTest = useAction('webhooks.sendTest', {
    alsoRefresh: ['log', 'dispatch'],
    onSuccess: () => setNotice('Test event sent: see View Log for the delivery.'),
  });
  const rotate = useAction('webhooks.rotateSecret', {
    onSuccess: () => {
      setShowSecret(true);
      setNotice('New signing secret created. The old one keeps signing during the grace period.');
    },
  });
  const remove = useAction('webhooks.delete');
  const error = setEnabled.error ?? sendTest.error ?? rotate.error ?? remove.error;
  const events = webhook.events.includes('*') ? 'All events' : webhook.events.join(', ');
  // A subscription whose key was revoked can never be enabled again (the core answers 409).
  const revoked = !webhook.enabled && webhook.disabledReason === KEY_REVOKED;

  return (
    <article className="card webhook" aria-label={webhook.name}>
      <header className="webhook-head">
        <div>
          <h3>{webhook.name}</h3>
          <p className="url">{webhook.url}</p>
        </div>
        <span className={`badge ${webhook.enabled ? 'badge-success' : 'badge-skipped'}`}>
          {webhook.enabled ? 'Enabled' : 'Disabled'}
        </span>
      </header>
      {webhook.disabledReason ? (
        <p className="hint">
          Disabled: {webhook.disabledReason}
          {KEY_REASON_HINTS[webhook.disabledReason] ? ` — ${KEY_REASON_HINTS[webhook.disabledReason]}` : ''}
        </p>
      ) : null}
      {webhook.enabled && webhook.failing ? (
        <p className="warning" role="alert" aria-label="Failing">
          Failing: every delivery has failed since {new Date(webhook.failing.since).toLocaleString()}. Last
          error: {webhook.failing.lastError ?? 'unknown'}
        </p>
      ) : null}
      <p className="events">
        <span className="label">Events:</span> {events}
      </p>
      {webhook.ordered ? <p className="hint">Delivers in order, one event at a time</p> : null}
      <DeliveryChart webhookId={webhook.id} name={webhook.name} />
      <div className="secret">
        <span className="label">Signing secret:</span>{' '}
        <code>{showSecret ? webhook.secret : `${webhook.secret.slice(0, 10)}…`}</code>
        <button
          type="button"
          className="ghost"
          onClick={() => setShowSecret((s) => !s)}
          aria-pressed={showSecret}
        >
          {showSecret ? 'Hide' : 'Reveal'}
        </button>
        <CopyButton text={webhook.secret} label="Copy secret" />
      </div>
      <div className="actions">
        <button
          type="button"
          onClick={() => setEnabled.mutate({ id: webhook.id, enabled: !webhook.enabled })}
          disabled={setEnabled.isPending || revoked}
        >
          {webhook.enabled ? 'Disable' : 'Enable'}
        </button>
        <button
          type="button"
          onClick={() => sendTest.mutate({ id: webhook.id })}
          disabled={sendTest.isPending}
        >
          Send test
        </button>
        <ConfirmButton
          className=""
          question={`Rotate the signing secret of "${webhook.name}"? Receivers need the new secret.`}
          confirmLabel="Rotate secret"
          onConfirm={() => rotate.mutate({ id: webhook.id })}
        >
          Rotate secret
        </ConfirmButton>
        <Link to={editPath} className="button">
          Edit
        </Link>
        <ConfirmButton
          question={`Delete the webhook "${webhook.name}"? Its deliveries stop.`}
          confirmLabel="Delete"
          onConfirm={() => remove.mutate({ id: webhook.id })}
        >
          Delete
        </ConfirmButton>
      </div>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      ) : null}
    </article>
  );
}
