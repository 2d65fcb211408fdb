/** Settings: its own navigation (Integrations, Webhooks, General) and the chosen page. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../../router.js';

export function SettingsLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="settings">
      <nav aria-label={t('settingsNav.label')} className="subnav">
        <h1 className="subnav-title">{t('settingsNav.title')}</h1>
        <ul>
          <li>
            <Link to="/settings/integrations" section>
              {t('settingsNav.integrations')}
            </Link>
          </li>
          <li>
            <Link to="/settings/webhooks" section>
              {t('settingsNav.webhooks')}
            </Link>
          </li>
          <li>
            <Link to="/settings/general">{t('settingsNav.general')}</Link>
          </li>
        </ul>
      </nav>
      <div className="settings-page">{children}</div>
    </div>
  );
}

/** The tabs inside Settings > Integrations: the seed's, then the two integrations' own pages. */
export function IntegrationsTabs() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('integrationsTabs.label')} className="tabs">
      <Link to="/settings/integrations">{t('integrationsTabs.overview')}</Link>
      <Link to="/settings/integrations/webhooks" section>
        {t('integrationsTabs.webhooks')}
      </Link>
      <Link to="/settings/integrations/incoming" section>
        {t('integrationsTabs.incoming')}
      </Link>
      <Link to="/settings/integrations/n8n">{t('integrationsTabs.n8n')}</Link>
      <Link to="/settings/integrations/zapier">{t('integrationsTabs.zapier')}</Link>
    </nav>
  );
}
