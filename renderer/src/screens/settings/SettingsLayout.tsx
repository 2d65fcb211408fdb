/** Settings: its own navigation (Integrations, Webhooks, General) and the chosen page. */
import type { ReactNode } from 'react';
import { Link } from '../../router.js';

export function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="settings">
      <nav aria-label="Settings" className="subnav">
        <h1 className="subnav-title">Settings</h1>
        <ul>
          <li>
            <Link to="/settings/integrations" section>
              Integrations
            </Link>
          </li>
          <li>
            <Link to="/settings/webhooks" section>
              Webhooks
            </Link>
          </li>
          <li>
            <Link to="/settings/general">General</Link>
          </li>
        </ul>
      </nav>
      <div className="settings-page">{children}</div>
    </div>
  );
}

/** The tabs inside Settings > Integrations: the seed's, then the two integrations' own pages. */
export function IntegrationsTabs() {
  return (
    <nav aria-label="Integrations" className="tabs">
      <Link to="/settings/integrations">Overview</Link>
      <Link to="/settings/integrations/webhooks" section>
        Webhooks
      </Link>
      <Link to="/settings/integrations/incoming" section>
        Incoming Webhooks
      </Link>
      <Link to="/settings/integrations/n8n">Use with n8n</Link>
      <Link to="/settings/integrations/zapier">Use with Zapier</Link>
    </nav>
  );
}
