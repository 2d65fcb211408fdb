/**
 * Settings > Integrations > Use with n8n / Use with Zapier: what to install, the base URL to
 * enter (the public address where one is set, else this server's), and a key with the
 * permissions the integration needs (contract/integration-presets.ts), shown once.
 */
import { INTEGRATION_PRESETS, type IntegrationPreset } from '../../../../contract/integration-presets.js';
import { CopyField } from '../../components/CopyButton.js';
import { Link } from '../../router.js';
import { PresetKey } from './PresetKey.js';
import { RemoteAccessForm } from './RemoteAccessForm.js';
import { RemoteAccessSteps } from './RemoteAccessSteps.js';
import { IntegrationsTabs } from './SettingsLayout.js';
import { useApiAddress, type ApiAddress } from './use-api-address.js';

export const N8N_PACKAGE = 'n8n-nodes-dversum';

/** The base URL to enter, and what it is: `hints` says it for the public and the local address. */
function BaseUrl({ address, hints }: { address: ApiAddress; hints: { public: string; local: string } }) {
  const { base, publicUrl, info } = address;
  if (info.isError)
    return (
      <p className="form-error" role="alert">
        {info.error.message}
      </p>
    );
  if (!base) return <p role="status">Asking the server for its address…</p>;
  return (
    <>
      <CopyField label="Base URL" value={base} />
      <p className="hint">{publicUrl ? hints.public : hints.local}</p>
    </>
  );
}

function KeyStep(props: { preset: IntegrationPreset; whitelistHint: string }) {
  return (
    <div className="card">
      <h3>2. Create a key</h3>
      <PresetKey {...props} />
    </div>
  );
}

export function UseWithN8n() {
  const address = useApiAddress();
  return (
    <section className="screen" aria-labelledby="use-n8n-title">
      <h2 id="use-n8n-title">Use with n8n</h2>
      <IntegrationsTabs />
      <p>
        The dVersum nodes for n8n: <strong>dVersum</strong> creates, updates and reads clients, projects,
        tasks, time entries, quotes and invoices; <strong>dVersum Trigger</strong> starts a workflow on
        dVersum&apos;s events. No header to type, no URL to copy.
      </p>
      <div className="card">
        <h3>1. Install the nodes</h3>
        <ol>
          <li>In n8n: Settings &gt; Community Nodes &gt; Install</li>
          <li>npm Package Name:</li>
        </ol>
        <CopyField label="npm package" value={N8N_PACKAGE} />
        <ol start={3}>
          <li>Confirm the risk of community code, then Install</li>
        </ol>
      </div>
      <KeyStep
        preset={INTEGRATION_PRESETS.n8n}
        whitelistHint="n8n on this computer calls from 127.0.0.1; on your network, from its LAN address. Empty allows any."
      />
      <div className="card">
        <h3>3. Add the credential</h3>
        <p>
          In n8n, create a <strong>dVersum API</strong> credential with:
        </p>
        <BaseUrl
          address={address}
          hints={{
            public: `The public address. An n8n on this computer may use ${address.local} instead.`,
            local:
              "This computer's address, right for an n8n on this computer. An n8n elsewhere needs a public address (Use with Zapier shows how).",
          }}
        />
        <p>API Key: the key from step 2. n8n tests it against this dVersum when you save.</p>
      </div>
      <div className="card">
        <h3>4. Build a workflow</h3>
        <ol>
          <li>
            Add <strong>dVersum Trigger</strong>, choose its Events (for example <code>task.created</code>)
          </li>
          <li>
            Add <strong>dVersum</strong>, Resource Client, Operation Create
          </li>
          <li>Activate the workflow: the trigger subscribes itself, and unsubscribes when deactivated</li>
        </ol>
      </div>
    </section>
  );
}

export function UseWithZapier() {
  const address = useApiAddress();
  return (
    <section className="screen" aria-labelledby="use-zapier-title">
      <h2 id="use-zapier-title">Use with Zapier</h2>
      <IntegrationsTabs />
      <p>
        The dVersum app for Zapier: a trigger for each dVersum event, actions that create tasks, clients,
        projects, time entries, quotes and invoices, and a search for clients.
      </p>
      <div className="card" role="region" aria-label="Zapier needs a public address">
        <h3>Zapier needs a public address</h3>
        <p>
          Zapier runs in the cloud and cannot call 127.0.0.1: its triggers subscribe from there, and its
          actions and the account test call dVersum too. Make the API reachable first, then enter the public
          address.
        </p>
        {address.publicUrl ? (
          <p role="status">
            Public address: <code>{address.publicUrl}</code>
          </p>
        ) : (
          <p className="warning" role="status">
            No public address is set yet: Zapier&apos;s triggers will not work until one is.
          </p>
        )}
        <RemoteAccessSteps localUrl={address.local} />
        <RemoteAccessForm />
      </div>
      <div className="card">
        <h3>1. Install the app</h3>
        <ol>
          <li>
            The app is in dVersum&apos;s <code>integrations/zapier</code> folder; add it to your Zapier
            account with the Zapier CLI: <code>npx zapier-platform-cli login</code>, then{' '}
            <code>npx zapier-platform-cli push</code> in that folder
          </li>
          <li>In a Zap, choose dVersum as the trigger or action app</li>
        </ol>
      </div>
      <KeyStep
        preset={INTEGRATION_PRESETS.zapier}
        whitelistHint="Zapier calls from changing cloud addresses on most plans, so a whitelist usually cannot be set for it; keep the key secret and rotate it regularly."
      />
      <div className="card">
        <h3>3. Connect your account</h3>
        <p>When Zapier asks to connect dVersum, enter:</p>
        <BaseUrl
          address={address}
          hints={{
            public: 'The public address set above.',
            local: "This computer's address: Zapier cannot reach it. Set the public address above first.",
          }}
        />
        <p>
          API Key: the key from step 2. Zapier checks it against <code>/api/v1/me</code>.
        </p>
        <p className="hint">
          Triggers without the app: see the <Link to="/settings/integrations">Overview</Link> (Webhooks by
          Zapier).
        </p>
      </div>
    </section>
  );
}
