/**
 * The webhook list, one screen at both of the seed's paths: Settings > Integrations > Webhooks
 * (creating a webhook) and Settings > Webhooks (View Log). The global pause, New Webhook, View Log,
 * every webhook with its actions and chart, and where the webhook health events go. `base` only keeps New and Edit under the path
 * the owner came by; the Settings menu marks Webhooks either way (SettingsLayout).
 */
import { useTranslation } from 'react-i18next';
import { useOp } from '../../api/client-context.js';
import { ErrorText } from '../../components/ErrorText.js';
import { PauseSwitch } from '../../components/PauseSwitch.js';
import { Link } from '../../router.js';
import { IntegrationsTabs } from './SettingsLayout.js';
import { HealthEventsPanel } from './HealthEventsPanel.js';
import { WebhookCard } from './WebhookCard.js';

export type WebhooksBase = '/settings/integrations/webhooks' | '/settings/webhooks';

export function WebhooksScreen({ base }: { base: WebhooksBase }) {
  const { t } = useTranslation('webhooks', { keyPrefix: 'list' });
  const { t: tc } = useTranslation();
  const list = useOp('webhooks.list', {});
  const items = list.data?.items ?? [];
  return (
    <section className="screen" aria-labelledby="webhooks-title">
      <h2 id="webhooks-title">{t('title')}</h2>
      <IntegrationsTabs />
      <p>{t('intro')}</p>
      <div className="toolbar">
        <Link to={`${base}/new`} className="button primary">
          {t('new')}
        </Link>
        <Link to="/settings/webhooks/log" className="button">
          {t('viewLog')}
        </Link>
        <PauseSwitch />
      </div>
      {list.isError ? (
        <p className="form-error" role="alert">
          <ErrorText error={list.error} />
        </p>
      ) : null}
      {list.isPending ? <p className="hint">{tc('app.loading')}</p> : null}
      {!list.isPending && items.length === 0 ? <p className="empty">{t('empty')}</p> : null}
      <ul className="cards" aria-label={t('title')}>
        {items.map((webhook) => (
          <li key={webhook.id}>
            <WebhookCard webhook={webhook} editPath={`${base}/${webhook.id}/edit`} />
          </li>
        ))}
      </ul>
      {list.data ? <HealthEventsPanel webhooks={items} /> : null}
    </section>
  );
}
