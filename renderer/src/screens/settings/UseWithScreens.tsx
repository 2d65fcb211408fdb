/**
 * Settings > Integrations > Use with n8n / Use with Zapier: what to install, the base URL to
 * enter (the public address where one is set, else this server's), and a key with the
 * permissions the integration needs (contract/integration-presets.ts), shown once.
 */
import { Trans, useTranslation } from 'react-i18next';
import { INTEGRATION_PRESETS, type IntegrationPreset } from '../../../../contract/integration-presets.js';
import { CopyField } from '../../components/CopyButton.js';
import { ErrorText } from '../../components/ErrorText.js';
import { Link } from '../../router.js';
import { PresetKey } from './PresetKey.js';
import { RemoteAccessForm } from './RemoteAccessForm.js';
import { RemoteAccessSteps } from './RemoteAccessSteps.js';
import { IntegrationsTabs } from './SettingsLayout.js';
import { useApiAddress, type ApiAddress } from './use-api-address.js';

export const N8N_PACKAGE = 'n8n-nodes-dversum';

/** The tags the catalog's sentences may use. */
const TAGS = { strong: <strong />, code: <code /> };

/** One sentence of the `integrations` catalog, with its tags. */
function Line({ k, values }: { k: string; values?: Record<string, string> }) {
  const { t } = useTranslation('integrations');
  return <Trans t={t} i18nKey={k as never} values={values} components={TAGS} />;
}

/** The base URL to enter, and what it is: `hints` says it for the public and the local address. */
function BaseUrl({ address, hints }: { address: ApiAddress; hints: { public: string; local: string } }) {
  const { t } = useTranslation('integrations', { keyPrefix: 'use' });
  const { base, publicUrl, info } = address;
  if (info.isError)
    return (
      <p className="form-error" role="alert">
        <ErrorText error={info.error} />
      </p>
    );
  if (!base) return <p role="status">{t('asking')}</p>;
  return (
    <>
      <CopyField label={t('baseUrl')} value={base} />
      <p className="hint">{publicUrl ? hints.public : hints.local}</p>
    </>
  );
}

function KeyStep(props: { preset: IntegrationPreset; whitelistHint: string }) {
  const { t } = useTranslation('integrations', { keyPrefix: 'use' });
  return (
    <div className="card">
      <h3>{t('keyStep')}</h3>
      <PresetKey {...props} />
    </div>
  );
}

export function UseWithN8n() {
  const { t } = useTranslation('integrations', { keyPrefix: 'n8n' });
  const address = useApiAddress();
  return (
    <section className="screen" aria-labelledby="use-n8n-title">
      <h2 id="use-n8n-title">{t('title')}</h2>
      <IntegrationsTabs />
      <p>
        <Line k="n8n.intro" />
      </p>
      <div className="card">
        <h3>{t('install')}</h3>
        <ol>
          <li>{t('install1')}</li>
          <li>{t('install2')}</li>
        </ol>
        <CopyField label={t('package')} value={N8N_PACKAGE} />
        <ol start={3}>
          <li>{t('install3')}</li>
        </ol>
      </div>
      <KeyStep preset={INTEGRATION_PRESETS.n8n} whitelistHint={t('whitelistHint')} />
      <div className="card">
        <h3>{t('credential')}</h3>
        <p>
          <Line k="n8n.credentialIntro" />
        </p>
        <BaseUrl
          address={address}
          hints={{ public: t('publicHint', { local: address.local }), local: t('localHint') }}
        />
        <p>{t('apiKey')}</p>
      </div>
      <div className="card">
        <h3>{t('workflow')}</h3>
        <ol>
          <li>
            <Line k="n8n.workflow1" />
          </li>
          <li>
            <Line k="n8n.workflow2" />
          </li>
          <li>{t('workflow3')}</li>
        </ol>
      </div>
    </section>
  );
}

export function UseWithZapier() {
  const { t } = useTranslation('integrations', { keyPrefix: 'zapier' });
  const address = useApiAddress();
  return (
    <section className="screen" aria-labelledby="use-zapier-title">
      <h2 id="use-zapier-title">{t('title')}</h2>
      <IntegrationsTabs />
      <p>{t('intro')}</p>
      <div className="card" role="region" aria-label={t('needsPublic')}>
        <h3>{t('needsPublic')}</h3>
        <p>{t('needsPublicText')}</p>
        {address.publicUrl ? (
          <p role="status">
            <Line k="zapier.publicIs" values={{ url: address.publicUrl }} />
          </p>
        ) : (
          <p className="warning" role="status">
            {t('noPublic')}
          </p>
        )}
        <RemoteAccessSteps localUrl={address.local} />
        <RemoteAccessForm />
      </div>
      <div className="card">
        <h3>{t('install')}</h3>
        <ol>
          <li>
            <Line k="zapier.install1" />
          </li>
          <li>{t('install2')}</li>
        </ol>
      </div>
      <KeyStep preset={INTEGRATION_PRESETS.zapier} whitelistHint={t('whitelistHint')} />
      <div className="card">
        <h3>{t('connect')}</h3>
        <p>{t('connectIntro')}</p>
        <BaseUrl address={address} hints={{ public: t('publicHint'), local: t('localHint') }} />
        <p>
          <Line k="zapier.apiKey" />
        </p>
        <p className="hint">
          <Trans
            t={t}
            i18nKey="withoutApp"
            components={{ overview: <Link to="/settings/integrations">{''}</Link> }}
          />
        </p>
      </div>
    </section>
  );
}
