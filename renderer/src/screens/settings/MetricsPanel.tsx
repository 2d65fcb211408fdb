/**
 * Settings > Integrations: Metrics for Prometheus (`/metrics`). The switch
 * (off until the owner turns it on), the address to scrape, and the metrics
 * token: made when first switched on and on each rotation, shown once in this
 * component's state alone (as an API key is), afterwards only its last four
 * characters. Neither the admin token nor an API key opens /metrics.
 */
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { METRICS_PATH, type MetricsAccess } from '../../../../contract/metrics.js';
import { useAction, useOp } from '../../api/client-context.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { CopyButton, CopyField } from '../../components/CopyButton.js';
import { ErrorText } from '../../components/ErrorText.js';
import { Checkbox } from '../../components/Field.js';
import { formatTime } from '../../lib/format.js';
import { apiUrl, useApiAddress } from './use-api-address.js';

function TokenShownOnce({ token, onClose }: { token: string; onClose: () => void }) {
  const { t } = useTranslation('integrations', { keyPrefix: 'metrics.once' });
  return (
    <div className="card key-once" role="region" aria-label={t('label')}>
      <h4>{t('label')}</h4>
      <div className="copy-field">
        <label className="field">
          <span className="label">{t('label')}</span>
          <input
            readOnly
            value={token}
            onFocus={(e) => e.currentTarget.select()}
            autoFocus
            className="mono"
          />
        </label>
        <CopyButton text={token} label={t('copy')} />
      </div>
      <p className="warning" role="alert">
        <Trans t={t} i18nKey="warning" components={{ strong: <strong /> }} />
      </p>
      <button type="button" className="primary" onClick={onClose}>
        {t('done')}
      </button>
    </div>
  );
}

function Panel({ access }: { access: MetricsAccess }) {
  const { t } = useTranslation('integrations', { keyPrefix: 'metrics' });
  const { base } = useApiAddress();
  const [shown, setShown] = useState<string | null>(null);
  const update = useAction('metrics.update', { onSuccess: (out) => setShown(out.token ?? null) });
  const rotate = useAction('metrics.rotateToken', { onSuccess: (out) => setShown(out.token) });
  const error = update.error ?? rotate.error;
  const busy = update.isPending || rotate.isPending;
  return (
    <>
      {error ? (
        <p className="form-error" role="alert">
          <ErrorText error={error} />
        </p>
      ) : null}
      <Checkbox
        label={t('switch')}
        checked={access.enabled}
        disabled={busy}
        onChange={(e) => update.mutate({ enabled: e.currentTarget.checked })}
      />
      {access.enabled ? <CopyField label={t('url')} value={apiUrl(base, METRICS_PATH)} /> : null}
      {access.tokenLast4 && access.tokenCreatedAt ? (
        <p className="hint">
          {t('tokenHint', { last4: access.tokenLast4, created: formatTime(access.tokenCreatedAt) })}
        </p>
      ) : null}
      {shown ? <TokenShownOnce token={shown} onClose={() => setShown(null)} /> : null}
      {access.tokenLast4 ? (
        <div className="actions">
          <ConfirmButton
            className=""
            disabled={busy}
            question={t('rotateQuestion')}
            confirmLabel={t('rotate')}
            onConfirm={() => rotate.mutate({})}
          >
            {t('rotate')}
          </ConfirmButton>
        </div>
      ) : null}
    </>
  );
}

export function MetricsPanel() {
  const { t } = useTranslation('integrations', { keyPrefix: 'metrics' });
  const { t: common } = useTranslation();
  const access = useOp('metrics.get', {});
  return (
    <div className="card">
      <h3>{t('title')}</h3>
      <p>{t('intro')}</p>
      {access.isError ? (
        <p className="form-error" role="alert">
          <ErrorText error={access.error} />
        </p>
      ) : access.data ? (
        <Panel access={access.data} />
      ) : (
        <p className="hint">{common('app.loading')}</p>
      )}
    </div>
  );
}
