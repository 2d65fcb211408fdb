/**
 * Settings > Integrations: the server's address (and the public one, where set), the API
 * docs, the n8n and Zapier settings ready to copy following the seed's walkthroughs, and
 * the ways to the dVersum nodes and app (Use with n8n, Use with Zapier).
 */
import { CopyButton, CopyField } from '../../components/CopyButton.js';
import { Link } from '../../router.js';
import { RemoteAccessForm } from './RemoteAccessForm.js';
import { IntegrationsTabs } from './SettingsLayout.js';
import { apiUrl, useApiAddress } from './use-api-address.js';

function Snippet({ title, text }: { title: string; text: string }) {
  return (
    <div className="snippet">
      <div className="snippet-head">
        <h4>{title}</h4>
        <CopyButton text={text} label={`Copy ${title}`} />
      </div>
      <pre>
        <code>{text}</code>
      </pre>
    </div>
  );
}

export function IntegrationsHome() {
  const { base, local: server, publicUrl, docsUrl, info } = useApiAddress();
  // What other systems call: the public address where one is set.
  const incomingUrl = apiUrl(base, '/api/v1/webhooks/incoming/tasks');
  const taskBody = JSON.stringify({ title: '{{ $json.subject }}', description: '{{ $json.text }}' }, null, 2);

  return (
    <section className="screen" aria-labelledby="integrations-title">
      <h2 id="integrations-title">Integrations</h2>
      <IntegrationsTabs />
      <p>
        Connect dVersum with other systems via webhooks and the REST API: n8n, Zapier, or your own software.
      </p>
      <div className="grid-2">
        <Link to="/settings/integrations/webhooks" className="tile">
          <strong>Webhooks</strong>
          <span>Send notifications to other systems when something happens in dVersum.</span>
        </Link>
        <Link to="/settings/integrations/incoming" className="tile">
          <strong>Incoming Webhooks</strong>
          <span>Let other systems create tasks, clients, time entries, invoices and quotes.</span>
        </Link>
        <Link to="/settings/integrations/n8n" className="tile">
          <strong>Use with n8n</strong>
          <span>Install the dVersum nodes in n8n and create their key: no header to type.</span>
        </Link>
        <Link to="/settings/integrations/zapier" className="tile">
          <strong>Use with Zapier</strong>
          <span>The dVersum app for Zapier, its key, and how Zapier reaches this computer.</span>
        </Link>
      </div>

      <div className="card">
        <h3>Server</h3>
        {info.isError ? (
          <p className="form-error" role="alert">
            {info.error.message}
          </p>
        ) : null}
        {server ? (
          <>
            <CopyField label="Server address" value={server} />
            {publicUrl ? <CopyField label="Public address" value={publicUrl} /> : null}
            <CopyField label="Incoming webhook URL (tasks)" value={incomingUrl} />
          </>
        ) : info.isError ? null : (
          <p role="status">Asking the server for its address…</p>
        )}
        <p>
          For developers: every endpoint with request and response schemas and examples is in the{' '}
          <a href={docsUrl} target="_blank" rel="noreferrer">
            API Docs
          </a>
          .
        </p>
        <h4>Remote access</h4>
        <p className="hint">
          Cloud services such as Zapier cannot call this computer&apos;s address. Through a tunnel or a
          reverse proxy (<Link to="/settings/integrations/zapier">Use with Zapier</Link> shows the steps),
          enter its address here: the snippets, the base URLs and the API Docs then use it.
        </p>
        <RemoteAccessForm />
      </div>

      <div className="card">
        <h3>Integration with n8n</h3>
        <p>n8n is an open-source automation platform.</p>
        <h4>dVersum &gt; n8n (Outgoing)</h4>
        <ol>
          <li>
            <Link to="/settings/integrations/webhooks/new">Create a webhook in dVersum</Link>
          </li>
          <li>In n8n: Add a Webhook Trigger</li>
          <li>Copy the n8n webhook URL</li>
          <li>Enter this URL in dVersum</li>
        </ol>
        <h4>n8n &gt; dVersum (Incoming)</h4>
        <ol>
          <li>
            <Link to="/settings/integrations/incoming/new">Create an incoming webhook in dVersum</Link>
          </li>
          <li>In n8n: Add an HTTP Request node, with these settings:</li>
        </ol>
        <Snippet
          title="n8n HTTP Request node"
          text={`Method: POST\nURL: ${incomingUrl}\nHeader: Authorization: Bearer YOUR_API_KEY\nBody: JSON with task data\n${taskBody}`}
        />
        <h4>Example Workflow</h4>
        <p>Scenario: New email &gt; Task in dVersum</p>
        <ul>
          <li>Trigger: Email received (Gmail/IMAP)</li>
          <li>Action: HTTP Request to dVersum</li>
          <li>Payload: Subject &gt; Title, Content &gt; Description</li>
        </ul>
      </div>

      <div className="card">
        <h3>Integration with Zapier</h3>
        <p>Zapier enables integrations without programming.</p>
        <h4>dVersum Trigger in Zapier</h4>
        <ol>
          <li>Create a new Zap</li>
          <li>Select Webhook by Zapier as trigger</li>
          <li>Select Catch Hook</li>
          <li>Copy the Zapier webhook URL</li>
          <li>
            <Link to="/settings/integrations/webhooks/new">Create a webhook in dVersum</Link> with this URL
          </li>
        </ol>
        <Snippet
          title="Zapier Catch Hook"
          text={
            'Trigger: Webhooks by Zapier\nEvent: Catch Hook\nURL: paste it as the URL of a new dVersum webhook'
          }
        />
        <h4>dVersum Action in Zapier</h4>
        <ol>
          <li>Select Webhook by Zapier as action</li>
          <li>Select POST</li>
          <li>URL: dVersum incoming webhook URL</li>
          <li>Headers: Authorization Bearer Key</li>
          <li>Data: JSON data</li>
        </ol>
        <Snippet
          title="Zapier POST action"
          text={`Action: Webhooks by Zapier\nEvent: POST\nURL: ${incomingUrl}\nPayload Type: json\nData: title | New task from Zapier\nHeaders: Authorization | Bearer YOUR_API_KEY`}
        />
      </div>
    </section>
  );
}
