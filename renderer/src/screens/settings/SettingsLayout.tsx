/** Settings: its own navigation (Integrations, Webhooks, General) and the chosen page. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, usePath } from '../../router.js';

type Section = 'integrations' | 'webhooks' | 'general' | null;

/**
 * The Settings menu entry a page belongs to, so exactly one is marked: every page of the
 * outgoing webhooks (the list at either of the seed's paths, New, Edit, View Log) is Webhooks;
 * the rest of Integrations (Overview, Incoming Webhooks, Use with n8n / Zapier) is Integrations.
 */
export function settingsSection(path: string): Section {
  const under = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  if (under('/settings/webhooks') || under('/settings/integrations/webhooks')) return 'webhooks';
  if (path === '/settings' || under('/settings/integrations')) return 'integrations';
  if (under('/settings/general')) return 'general';
  return null;
}

export function SettingsLayout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const section = settingsSection(usePath());
  const current = (which: Section) => (section === which ? ('page' as const) : undefined);
  return (
    <div className="settings">
      <nav aria-label={t('settingsNav.label')} className="subnav">
        <h1 className="subnav-title">{t('settingsNav.title')}</h1>
        <ul>
          <li>
            <Link to="/settings/integrations" aria-current={current('integrations')}>
              {t('settingsNav.integrations')}
            </Link>
          </li>
          <li>
            <Link to="/settings/webhooks" aria-current={current('webhooks')}>
              {t('settingsNav.webhooks')}
            </Link>
          </li>
          <li>
            <Link to="/settings/general" aria-current={current('general')}>
              {t('settingsNav.general')}
            </Link>
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
  const onWebhooks = settingsSection(usePath()) === 'webhooks';
  return (
    <nav aria-label={t('integrationsTabs.label')} className="tabs">
      <Link to="/settings/integrations">{t('integrationsTabs.overview')}</Link>
      <Link to="/settings/integrations/webhooks" aria-current={onWebhooks ? 'page' : undefined}>
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
