/**
 * Settings > Integrations > Webhooks (also Settings > Webhooks): the global
 * pause, New Webhook, View Log, and every webhook with its actions and chart.
 */
import { useOp } from '../../api/client-context.js';
import { PauseSwitch } from '../../components/PauseSwitch.js';
import { Link } from '../../router.js';
import { IntegrationsTabs } from './SettingsLayout.js';
import { WebhookCard } from './WebhookCard.js';

export function WebhooksScreen({ base }: { base: '/settings/integrations/webhooks' | '/settings/webhooks' }) {
  const list = useOp('webhooks.list', {});
  const items = list.data?.items ?? [];
  return (
    <section className="screen" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">Webhooks</h2>
      {base === '/settings/integrations/webhooks' ? <IntegrationsTabs /> : null}
      <p>Outgoing webhooks send a signed POST to your URL when the chosen events happen in dVersum.</p>
      <div className="toolbar">
        <Link to={`${base}/new`} className="button primary">
          New Webhook
        </Link>
        <Link to="/settings/webhooks/log" className="button">
          View Log
        </Link>
        <PauseSwitch />
      </div>
      {list.isError ? (
        <p className="form-error" role="alert">
          {list.error.message}
        </p>
      ) : null}
      {list.isPending ? <p className="hint">Loading…</p> : null}
      {!list.isPending && items.length === 0 ? (
        <p className="empty">No webhooks yet. Click New Webhook to add one.</p>
      ) : null}
      <ul className="cards" aria-label="Webhooks">
        {items.map((webhook) => (
          <li key={webhook.id}>
            <WebhookCard webhook={webhook} editPath={`${base}/${webhook.id}/edit`} />
          </li>
        ))}
      </ul>
    </section>
  );
}
