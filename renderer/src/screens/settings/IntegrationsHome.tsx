/**
 * Settings > Integrations: the server's address (and the public one, where set), the API
 * docs, the n8n and Zapier settings ready to copy following the seed's walkthroughs, and
 * the ways to the dVersum nodes and app (Use with n8n, Use with Zapier), and metrics for
 * Prometheus (`MetricsPanel.tsx`).
 */
import { Trans, useTranslation } from 'react-i18next';
import { CopyButton, CopyField } from '../../components/CopyButton.js';
import { ErrorText } from '../../components/ErrorText.js';
import { Link } from '../../router.js';
import { MetricsPanel } from './MetricsPanel.js';
import { RemoteAccessForm } from './RemoteAccessForm.js';
import { IntegrationsTabs } from './SettingsLayout.js';
import { apiUrl, useApiAddress } from './use-api-address.js';

function Snippet({ title, text }: { title: string; text: string }) {
  const { t } = useTranslation();
  return (
    <div className="snippet">
      <div className="snippet-head">
        <h4>{title}</h4>
        <CopyButton text={text} label={t('form.copyNamed', { label: title })} />
      </div>
      <pre>
        <code>{text}</code>
      </pre>
    </div>
  );
}

export function IntegrationsHome() {
  const { t } = useTranslation('integrations', { keyPrefix: 'home' });
  const { t: steps } = useTranslation('integrations', { keyPrefix: 'seed' });
  const { base, local: server, publicUrl, docsUrl, info } = useApiAddress();
  // What other systems call: the public address where one is set.
  const incomingUrl = apiUrl(base, '/api/v1/webhooks/incoming/tasks');
  const taskBody = JSON.stringify({ title: '{{ $json.subject }}', description: '{{ $json.text }}' }, null, 2);

  return (
    <section className="screen" aria-labelledby="integrations-title">
      <h2 id="integrations-title">{t('title')}</h2>
      <IntegrationsTabs />
      <p>{t('intro')}</p>
      <div className="grid-2">
        <Link to="/settings/integrations/webhooks" className="tile">
          <strong>{t('webhooks')}</strong>
          <span>{t('webhooksTile')}</span>
        </Link>
        <Link to="/settings/integrations/incoming" className="tile">
          <strong>{t('incoming')}</strong>
          <span>{t('incomingTile')}</span>
        </Link>
        <Link to="/settings/integrations/n8n" className="tile">
          <strong>{t('n8n')}</strong>
          <span>{t('n8nTile')}</span>
        </Link>
        <Link to="/settings/integrations/zapier" className="tile">
          <strong>{t('zapier')}</strong>
          <span>{t('zapierTile')}</span>
        </Link>
      </div>

      <div className="card">
        <h3>{t('server')}</h3>
        {info.isError ? (
          <p className="form-error" role="alert">
            <ErrorText error={info.error} />
          </p>
        ) : null}
        {server ? (
          <>
            <CopyField label={t('serverAddress')} value={server} />
            {publicUrl ? <CopyField label={t('publicAddress')} value={publicUrl} /> : null}
            <CopyField label={t('incomingUrl')} value={incomingUrl} />
          </>
        ) : info.isError ? null : (
          <p role="status">{t('asking')}</p>
        )}
        <p>
          <Trans
            t={t}
            i18nKey="docs"
            components={{ docs: <a href={docsUrl} target="_blank" rel="noreferrer" /> }}
          />
        </p>
        <h4>{t('remote')}</h4>
        <p className="hint">
          <Trans
            t={t}
            i18nKey="remoteHint"
            components={{ zapier: <Link to="/settings/integrations/zapier">{''}</Link> }}
          />
        </p>
        <RemoteAccessForm />
      </div>

      <MetricsPanel />

      <div className="card">
        <h3>{steps('n8nTitle')}</h3>
        <p>{steps('n8nIntro')}</p>
        <h4>{steps('n8nOut')}</h4>
        <ol>
          <li>
            <Link to="/settings/integrations/webhooks/new">{steps('createWebhook')}</Link>
          </li>
          <li>{steps('n8nAddTrigger')}</li>
          <li>{steps('n8nCopyUrl')}</li>
          <li>{steps('enterUrl')}</li>
        </ol>
        <h4>{steps('n8nIn')}</h4>
        <ol>
          <li>
            <Link to="/settings/integrations/incoming/new">{steps('createIncoming')}</Link>
          </li>
          <li>{steps('n8nAddRequest')}</li>
        </ol>
        <Snippet
          title={steps('n8nSnippet')}
          text={`Method: POST\nURL: ${incomingUrl}\nHeader: Authorization: Bearer YOUR_API_KEY\nBody: JSON with task data\n${taskBody}`}
        />
        <h4>{steps('example')}</h4>
        <p>{steps('scenario')}</p>
        <ul>
          <li>{steps('exampleTrigger')}</li>
          <li>{steps('exampleAction')}</li>
          <li>{steps('examplePayload')}</li>
        </ul>
      </div>

      <div className="card">
        <h3>{steps('zapierTitle')}</h3>
        <p>{steps('zapierIntro')}</p>
        <h4>{steps('zapierTrigger')}</h4>
        <ol>
          <li>{steps('zapierNewZap')}</li>
          <li>{steps('zapierSelectTrigger')}</li>
          <li>{steps('zapierCatch')}</li>
          <li>{steps('zapierCopyUrl')}</li>
          <li>
            <Trans
              t={steps}
              i18nKey="withThisUrl"
              components={{ create: <Link to="/settings/integrations/webhooks/new">{''}</Link> }}
            />
          </li>
        </ol>
        <Snippet
          title={steps('zapierCatchSnippet')}
          text={
            'Trigger: Webhooks by Zapier\nEvent: Catch Hook\nURL: paste it as the URL of a new dVersum webhook'
          }
        />
        <h4>{steps('zapierAction')}</h4>
        <ol>
          <li>{steps('zapierSelectAction')}</li>
          <li>{steps('zapierPost')}</li>
          <li>{steps('zapierUrl')}</li>
          <li>{steps('zapierHeaders')}</li>
          <li>{steps('zapierData')}</li>
        </ol>
        <Snippet
          title={steps('zapierPostSnippet')}
          text={`Action: Webhooks by Zapier\nEvent: POST\nURL: ${incomingUrl}\nPayload Type: json\nData: title | New task from Zapier\nHeaders: Authorization | Bearer YOUR_API_KEY`}
        />
      </div>
    </section>
  );
}
