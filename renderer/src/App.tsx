/** The window: the main navigation and the screen for the current route. */
import type { ReactNode } from 'react';
import { useConnection } from './api/client-context.js';
import { Link, matchPath, usePath } from './router.js';
import { ClientsScreen } from './screens/business/ClientsScreen.js';
import { InvoicesScreen } from './screens/business/InvoicesScreen.js';
import { ProjectsScreen } from './screens/business/ProjectsScreen.js';
import { QuotesScreen } from './screens/business/QuotesScreen.js';
import { TasksScreen } from './screens/business/TasksScreen.js';
import { TimeScreen } from './screens/business/TimeScreen.js';
import { GeneralSettings } from './screens/settings/GeneralSettings.js';
import { IncomingWebhookForm } from './screens/settings/IncomingWebhookForm.js';
import { IncomingWebhooksScreen } from './screens/settings/IncomingWebhooksScreen.js';
import { IntegrationsHome } from './screens/settings/IntegrationsHome.js';
import { LogScreen } from './screens/settings/LogScreen.js';
import { SettingsLayout } from './screens/settings/SettingsLayout.js';
import { WebhookFormScreen } from './screens/settings/WebhookForm.js';
import { WebhooksScreen } from './screens/settings/WebhooksScreen.js';

const NAV = [
  { to: '/clients', label: 'Clients' },
  { to: '/projects', label: 'Projects' },
  { to: '/tasks', label: 'Tasks' },
  { to: '/time', label: 'Time' },
  { to: '/quotes', label: 'Quotes' },
  { to: '/invoices', label: 'Invoices' },
  { to: '/settings', label: 'Settings' },
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
  if (m(SETTINGS_WEBHOOKS)) return <WebhooksScreen base={SETTINGS_WEBHOOKS} />;
  if (m(`${SETTINGS_WEBHOOKS}/new`)) return <WebhookFormScreen back={SETTINGS_WEBHOOKS} />;
  const editSettings = m(`${SETTINGS_WEBHOOKS}/:id/edit`);
  if (editSettings) return <WebhookFormScreen back={SETTINGS_WEBHOOKS} id={editSettings.id} />;
  if (m('/settings/webhooks/log')) return <LogScreen />;
  if (m('/settings/general')) return <GeneralSettings />;
  return <p>Nothing here. Choose a page on the left.</p>;
}

function screenFor(path: string): ReactNode {
  if (path.startsWith('/settings')) return <SettingsLayout>{settingsPage(path)}</SettingsLayout>;
  switch (path) {
    case '/projects':
      return <ProjectsScreen />;
    case '/tasks':
      return <TasksScreen />;
    case '/time':
      return <TimeScreen />;
    case '/quotes':
      return <QuotesScreen />;
    case '/invoices':
      return <InvoicesScreen />;
    default:
      return <ClientsScreen />;
  }
}

export function App() {
  const path = usePath();
  const { signOut } = useConnection();
  const section = '/' + (path.split('/')[1] ?? '');
  return (
    <div className="app">
      {/* A button, not href="#main": the hash is the route. */}
      <button type="button" className="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">dVersum</div>
        <ul>
          {NAV.map((item) => (
            <li key={item.to}>
              <Link
                to={item.to}
                aria-current={
                  section === item.to || (path === '/' && item.to === '/clients') ? 'page' : undefined
                }
              >
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
        {signOut ? (
          <button type="button" className="ghost sign-out" onClick={signOut}>
            Sign out
          </button>
        ) : null}
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {screenFor(path)}
      </main>
    </div>
  );
}
