/**
 * Settings > Integrations > Incoming Webhooks: New Incoming Webhook, every
 * key (prefix and last four only) with rotate, revoke and last used, and the
 * recent incoming calls, rejected ones with their reason.
 */
import { useState } from 'react';
import { permissionLabel, type ApiKey } from '../../../../contract/integrations.js';
import { useAction, useOp } from '../../api/client-context.js';
import { useFallbackInterval } from '../../api/notices.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { Checkbox } from '../../components/Field.js';
import { formatTime } from '../../lib/format.js';
import { Link } from '../../router.js';
import { KeyShownOnce } from './KeyShownOnce.js';
import { IntegrationsTabs } from './SettingsLayout.js';
import { apiUrl, useApiAddress } from './use-api-address.js';

function KeyRow({ apiKey, onRotated }: { apiKey: ApiKey; onRotated: (key: string) => void }) {
  const rotate = useAction('keys.rotate', {
    alsoRefresh: ['incomingLog'],
    onSuccess: (out) => onRotated(out.key),
  });
  const revoke = useAction('keys.revoke', { alsoRefresh: ['incomingLog'] });
  const setEnabled = useAction('keys.update');
  const error = rotate.error ?? revoke.error ?? setEnabled.error;
  const revoked = apiKey.revokedAt !== null;
  return (
    <tr>
      <td>{apiKey.name}</td>
      <td>
        <code>
          {apiKey.prefix}…{apiKey.last4}
        </code>
      </td>
      <td>{apiKey.permissions.map(permissionLabel).join(', ')}</td>
      <td>{apiKey.ipWhitelist.length > 0 ? apiKey.ipWhitelist.join(', ') : 'Any'}</td>
      <td>{revoked ? 'Revoked' : apiKey.enabled ? 'Active' : 'Disabled'}</td>
      <td>{formatTime(apiKey.createdAt)}</td>
      <td>{apiKey.lastUsedAt ? formatTime(apiKey.lastUsedAt) : 'Never'}</td>
      <td>
        <div className="row-actions">
          {revoked ? null : (
            <>
              <button
                type="button"
                onClick={() => setEnabled.mutate({ id: apiKey.id, enabled: !apiKey.enabled })}
              >
                {apiKey.enabled ? 'Disable' : 'Enable'}
              </button>
              <ConfirmButton
                className=""
                question={`Rotate the key "${apiKey.name}"? The current key stops working at once.`}
                confirmLabel="Rotate"
                onConfirm={() => rotate.mutate({ id: apiKey.id })}
              >
                Rotate
              </ConfirmButton>
              <ConfirmButton
                question={`Revoke the key "${apiKey.name}"? Calls with it are refused from now on.`}
                confirmLabel="Revoke"
                onConfirm={() => revoke.mutate({ id: apiKey.id })}
              >
                Revoke
              </ConfirmButton>
            </>
          )}
          {error ? (
            <span className="field-error" role="alert">
              {error.message}
            </span>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

function IncomingCalls() {
  const [rejectedOnly, setRejectedOnly] = useState(false);
  const calls = useOp(
    'incomingLog.list',
    { limit: 50, ...(rejectedOnly ? { rejectedOnly } : {}) },
    { refetchInterval: 5_000 },
  );
  return (
    <div className="card">
      <h3>Recent incoming calls</h3>
      <Checkbox
        label="Rejected only"
        checked={rejectedOnly}
        onChange={(e) => setRejectedOnly(e.currentTarget.checked)}
      />
      {calls.isError ? <p className="hint">{calls.error.message}</p> : null}
      <table className="list">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Request</th>
            <th scope="col">Status</th>
            <th scope="col">IP</th>
            <th scope="col">Reason</th>
          </tr>
        </thead>
        <tbody>
          {(calls.data?.items ?? []).map((c) => (
            <tr key={c.id}>
              <td>{formatTime(c.at)}</td>
              <td>
                <code>
                  {c.method} {c.path}
                </code>
              </td>
              <td>{c.status}</td>
              <td>{c.ip}</td>
              <td>{c.reason ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function IncomingWebhooksScreen() {
  // "Last used" follows the calls coming in through keys.used; polled only while the notices are lost.
  const keys = useOp('keys.list', {}, { refetchInterval: useFallbackInterval(5_000) });
  const { base } = useApiAddress();
  const [rotatedKey, setRotatedKey] = useState<string | null>(null);
  const items = keys.data?.items ?? [];
  return (
    <section className="screen" aria-labelledby="incoming-title">
      <h2 id="incoming-title">Incoming Webhooks</h2>
      <IntegrationsTabs />
      <p>
        Incoming webhooks allow external systems to send data to dVersum: POST to{' '}
        <code>{apiUrl(base, '/api/v1/webhooks/incoming/tasks')}</code> with{' '}
        <code>Authorization: Bearer YOUR_API_KEY</code>.
      </p>
      <div className="toolbar">
        <Link to="/settings/integrations/incoming/new" className="button primary">
          New Incoming Webhook
        </Link>
      </div>
      {rotatedKey ? <KeyShownOnce apiKey={rotatedKey} onClose={() => setRotatedKey(null)} /> : null}
      {keys.isError ? (
        <p className="form-error" role="alert">
          {keys.error.message}
        </p>
      ) : null}
      {!keys.isPending && items.length === 0 ? <p className="empty">No incoming webhooks yet.</p> : null}
      {items.length > 0 ? (
        <table className="list" aria-label="API keys">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Key</th>
              <th scope="col">Permissions</th>
              <th scope="col">IP Whitelist</th>
              <th scope="col">State</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((k) => (
              <KeyRow key={k.id} apiKey={k} onRotated={setRotatedKey} />
            ))}
          </tbody>
        </table>
      ) : null}
      <IncomingCalls />
    </section>
  );
}
