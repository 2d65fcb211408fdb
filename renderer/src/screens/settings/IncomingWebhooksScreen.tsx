/**
 * Settings > Integrations > Incoming Webhooks: New Incoming Webhook, every
 * key (prefix and last four only) with rotate, revoke and last used, and the
 * recent incoming calls, rejected ones with their reason.
 */
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { ApiKey } from '../../../../contract/integrations.js';
import { useAction, useOp } from '../../api/client-context.js';
import { useFallbackInterval } from '../../api/notices.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { ErrorText } from '../../components/ErrorText.js';
import { Checkbox } from '../../components/Field.js';
import { formatTime } from '../../lib/format.js';
import { Link } from '../../router.js';
import { KeyShownOnce } from './KeyShownOnce.js';
import { permissionLabel } from './permission-label.js';
import { reasonText } from './reason-text.js';
import { IntegrationsTabs } from './SettingsLayout.js';
import { apiUrl, useApiAddress } from './use-api-address.js';

/** A key just rotated: its new value, and which key it replaces. */
interface Rotated {
  key: string;
  name: string;
  last4: string;
}

function KeyRow({ apiKey, onRotated }: { apiKey: ApiKey; onRotated: (rotated: Rotated) => void }) {
  const { t } = useTranslation('keys', { keyPrefix: 'list' });
  const rotate = useAction('keys.rotate', {
    alsoRefresh: ['incomingLog'],
    onSuccess: (out) => onRotated({ key: out.key, name: apiKey.name, last4: apiKey.last4 }),
  });
  const revoke = useAction('keys.revoke', { alsoRefresh: ['incomingLog'] });
  const setEnabled = useAction('keys.update');
  const error = rotate.error ?? revoke.error ?? setEnabled.error;
  const revoked = apiKey.revokedAt !== null;
  return (
    <tr>
      <td>
        {apiKey.name}
        <span className="hint cell-note">{t('created', { time: formatTime(apiKey.createdAt) })}</span>
      </td>
      <td>
        <code>
          {apiKey.prefix}…{apiKey.last4}
        </code>
      </td>
      <td>{apiKey.permissions.map(permissionLabel).join(', ')}</td>
      <td>
        {apiKey.ipWhitelist.length > 0
          ? apiKey.ipWhitelist.map((rule) => (
              <code key={rule} className="rule">
                {rule}
              </code>
            ))
          : t('any')}
      </td>
      <td>{revoked ? t('revoked') : apiKey.enabled ? t('active') : t('disabled')}</td>
      <td>{apiKey.lastUsedAt ? formatTime(apiKey.lastUsedAt) : t('never')}</td>
      <td>
        <div className="row-actions">
          {revoked ? null : (
            <>
              <button
                type="button"
                onClick={() => setEnabled.mutate({ id: apiKey.id, enabled: !apiKey.enabled })}
              >
                {apiKey.enabled ? t('disable') : t('enable')}
              </button>
              <ConfirmButton
                className=""
                question={t('rotateQuestion', { name: apiKey.name })}
                confirmLabel={t('rotate')}
                onConfirm={() => rotate.mutate({ id: apiKey.id })}
              >
                {t('rotate')}
              </ConfirmButton>
              <ConfirmButton
                question={t('revokeQuestion', { name: apiKey.name })}
                confirmLabel={t('revoke')}
                onConfirm={() => revoke.mutate({ id: apiKey.id })}
              >
                {t('revoke')}
              </ConfirmButton>
            </>
          )}
          {error ? (
            <span className="field-error" role="alert">
              <ErrorText error={error} />
            </span>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

function IncomingCalls() {
  const { t } = useTranslation('keys', { keyPrefix: 'calls' });
  const [rejectedOnly, setRejectedOnly] = useState(false);
  const calls = useOp(
    'incomingLog.list',
    { limit: 50, ...(rejectedOnly ? { rejectedOnly } : {}) },
    { refetchInterval: 5_000 },
  );
  return (
    <div className="card">
      <h3>{t('title')}</h3>
      <Checkbox
        label={t('rejectedOnly')}
        checked={rejectedOnly}
        onChange={(e) => setRejectedOnly(e.currentTarget.checked)}
      />
      {calls.isError ? (
        <p className="hint">
          <ErrorText error={calls.error} />
        </p>
      ) : null}
      <table className="list calls">
        <thead>
          <tr>
            <th scope="col">{t('time')}</th>
            <th scope="col">{t('request')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('ip')}</th>
            <th scope="col">{t('reason')}</th>
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
              <td>
                {c.reason === null ? (
                  '—'
                ) : c.reasonCode ? (
                  reasonText(c.reason, c.reasonCode, c.reasonParams)
                ) : (
                  // A reason without a code of its own (a 422's fields): its error code in the window's language.
                  <ErrorText error={{ code: c.errorCode, message: c.reason }} />
                )}
              </td>
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
  const { t } = useTranslation('keys', { keyPrefix: 'list' });
  const [rotated, setRotated] = useState<Rotated | null>(null);
  const items = keys.data?.items ?? [];
  return (
    <section className="screen" aria-labelledby="incoming-title">
      <h2 id="incoming-title">{t('title')}</h2>
      <IntegrationsTabs />
      <p>
        <Trans
          t={t}
          i18nKey="intro"
          values={{ url: apiUrl(base, '/api/v1/webhooks/incoming/tasks') }}
          components={{ code: <code /> }}
        />
      </p>
      <div className="toolbar">
        <Link to="/settings/integrations/incoming/new" className="button primary">
          {t('new')}
        </Link>
      </div>
      {rotated ? (
        <KeyShownOnce
          apiKey={rotated.key}
          title={t('rotatedTitle', { name: rotated.name, last4: rotated.last4 })}
          onClose={() => setRotated(null)}
        />
      ) : null}
      {keys.isError ? (
        <p className="form-error" role="alert">
          <ErrorText error={keys.error} />
        </p>
      ) : null}
      {!keys.isPending && items.length === 0 ? <p className="empty">{t('empty')}</p> : null}
      {items.length > 0 ? (
        <table className="list keys" aria-label={t('tableLabel')}>
          <thead>
            <tr>
              <th scope="col">{t('name')}</th>
              <th scope="col">{t('key')}</th>
              <th scope="col">{t('permissions')}</th>
              <th scope="col">{t('whitelist')}</th>
              <th scope="col">{t('state')}</th>
              <th scope="col">{t('lastUsed')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((k) => (
              <KeyRow key={k.id} apiKey={k} onRotated={setRotated} />
            ))}
          </tbody>
        </table>
      ) : null}
      <IncomingCalls />
    </section>
  );
}
