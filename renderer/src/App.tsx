/** The window: the main navigation and the screen for the current route. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useConnection } from './api/client-context.js';
import { Link, matchPath, usePath } from './router.js';
import { RESOURCES, WINDOW_ORDER } from '../../contract/resources.js';
import { OBJECT_SCREENS } from './screens/business/index.js';
import { GeneralSettings } from './screens/settings/GeneralSettings.js';
import { IncomingWebhookForm } from './screens/settings/IncomingWebhookForm.js';
import { IncomingWebhooksScreen } from './screens/settings/IncomingWebhooksScreen.js';
import { IntegrationsHome } from './screens/settings/IntegrationsHome.js';
import { LogScreen } from './screens/settings/LogScreen.js';
import { SettingsLayout } from './screens/settings/SettingsLayout.js';
import { WebhookFormScreen } from './screens/settings/WebhookForm.js';
import { UseWithN8n, UseWithZapier } from './screens/settings/UseWithScreens.js';
import { WebhooksScreen } from './screens/settings/WebhooksScreen.js';
import { LanguageSync } from './i18n/LanguageSync.js';
import { i18n } from './i18n/i18n.js';

/** The business objects in the resource table's window order (the first is the home screen), then Settings. */
const OBJECT_NAV = WINDOW_ORDER.map((key) => ({ key, to: RESOURCES[key].path }));
const HOME = OBJECT_NAV[0];
const NAV = [
  ...OBJECT_NAV.map(({ key, to }) => ({ to, label: () => i18n.t(`objects.${key}`) })),
  { to: '/settings', label: () => i18n.t('settingsNav.title') },
];

const INTEGRATIONS_WEBHOOKS = '/settings/integrations/webhooks';
const SETTINGS_WEBHOOKS = '/settings/webhooks';

function settingsPage(path: string): ReactNode {
  const m = (pattern: string) => matchPath(pattern, path);
  if (path === '/settings' || m('/settings/integrations')) return <IntegrationsHome />;
  if (m(INTEGRATIONS_WEBHOOKS)) return <WebhooksScreen base={INTEGRATIONS_WEBHOOKS} />;
  if (m(`${INTEGRATIONS_WEBHOOKS}/new`)) return <WebhookFormScreen back={INTEGRATIONS_WEBHOOKS} />;
  const editIntegrations = m(`${INTEGRATIONS_WEBHOOKS}/:id/edit`);
  if (editIntegrations) return <WebhookFormScreen back={INTEGRATIONS_WEBHOOKS} id={editIntegrations.id} />;
  if (m('/settings/integrations/incoming')) return <IncomingWebhooksScreen />;
  if (m('/settings/integrations/incoming/new'))
    return <IncomingWebhookForm back="/settings/integrations/incoming" />;
  if (m('/settings/integrations/n8n')) return <UseWithN8n />;
  if (m('/settings/integrations/zapier')) return <UseWithZapier />;
  if (m(SETTINGS_WEBHOOKS)) return <WebhooksScreen base={SETTINGS_WEBHOOKS} />;
  if (m(`${SETTINGS_WEBHOOKS}/new`)) return <WebhookFormScreen back={SETTINGS_WEBHOOKS} />;
  const editSettings = m(`${SETTINGS_WEBHOOKS}/:id/edit`);
  if (editSettings) return <WebhookFormScreen back={SETTINGS_WEBHOOKS} id={editSettings.id} />;
  if (m('/settings/webhooks/log')) return <LogScreen />;
  if (m('/settings/general')) return <GeneralSettings />;
  return <p>{i18n.t('app.nothingHere')}</p>;
}

function screenFor(path: string): ReactNode {
  if (path.startsWith('/settings')) return <SettingsLayout>{settingsPage(path)}</SettingsLayout>;
  const Screen = OBJECT_SCREENS[(OBJECT_NAV.find((item) => item.to === path) ?? HOME).key];
  return <Screen />;
}

export function App() {
  const path = usePath();
  const { signOut } = useConnection();
  const { t } = useTranslation();
  const section = '/' + (path.split('/')[1] ?? '');
  return (
    <div className="app">
      <LanguageSync />
      {/* A button, not href="#main": the hash is the route. */}
      <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        {t('app.skipToContent')}
      </button>
      <nav className="sidebar" aria-label={t('app.mainNav')}>
        <div className="brand">dVersum</div>
        <ul>
          {NAV.map((item) => (
            <li key={item.to}>
              <Link
                to={item.to}
                aria-current={
                  section === item.to || (path === '/' && item.to === HOME.to) ? 'page' : undefined
                }
              >
                {item.label()}
              </Link>
            </li>
          ))}
        </ul>
        {signOut ? (
          <button type="button" className="ghost sign-out" onClick={signOut}>
            {t('app.signOut')}
          </button>
        ) : null}
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {screenFor(path)}
      </main>
    </div>
  );
}
