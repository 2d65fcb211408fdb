/**
 * Settings > Webhooks > View Log: filters, the virtualised table, a delivery's
 * detail, Export (CSV or NDJSON, honouring the filters) and Replay.
 */
import { useDeferredValue, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction } from '../../api/client-context.js';
import { SelectField } from '../../components/Field.js';
import { PauseSwitch } from '../../components/PauseSwitch.js';
import { Link } from '../../router.js';
import { DeliveryDetail } from './DeliveryDetail.js';
import { LogFilters, NO_FILTERS, toLogFilters, type FilterValues } from './LogFilters.js';
import { LogTable } from './LogTable.js';

/**
 * Follows the one-time link headless mode returns, as a download. The link is a
 * path (`/admin/export/<token>`): the browser resolves it against this window's
 * own origin, whatever address the owner opened it at.
 */
function download(url: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** What an action beside the log says: while it runs, its outcome, or its error. */
function ActionOutcome(props: { pending: string | null; notice: string | null; error: Error | null }) {
  return (
    <>
      <span role="status" className="notice">
        {props.pending ?? props.notice ?? ''}
      </span>
      {props.error ? (
        <span className="field-error" role="alert">
          {props.error.message}
        </span>
      ) : null}
    </>
  );
}

function ExportControls({ filters }: { filters: ReturnType<typeof toLogFilters> }) {
  const { t } = useTranslation('log', { keyPrefix: 'export' });
  const [format, setFormat] = useState<'csv' | 'ndjson'>('csv');
  const [notice, setNotice] = useState<string | null>(null);
  const exportLog = useAction('log.export', {
    onSuccess: (out) => {
      if (out.url) {
        download(out.url);
        setNotice(t('started'));
      } else if (out.path) setNotice(t('saved', { count: out.rows ?? 0, path: out.path }));
      else setNotice(t('cancelled'));
    },
  });
  return (
    <div className="export">
      <SelectField
        label={t('format')}
        value={format}
        onChange={(e) => setFormat(e.currentTarget.value as 'csv' | 'ndjson')}
        options={[
          { value: 'csv', label: 'CSV' },
          { value: 'ndjson', label: 'NDJSON' },
        ]}
      />
      <button
        type="button"
        onClick={() => {
          setNotice(null);
          exportLog.mutate({ format, ...(Object.keys(filters).length > 0 ? { filters } : {}) });
        }}
        disabled={exportLog.isPending}
      >
        {exportLog.isPending ? t('busy') : t('button')}
      </button>
      <ActionOutcome
        pending={exportLog.isPending ? t('preparing') : null}
        notice={notice}
        error={exportLog.error}
      />
    </div>
  );
}

function ReplayControls({ filters }: { filters: ReturnType<typeof toLogFilters> }) {
  const { t } = useTranslation('log', { keyPrefix: 'replay' });
  const [status, setStatus] = useState<'failed' | 'skipped'>('failed');
  const [notice, setNotice] = useState<string | null>(null);
  const replay = useAction('log.replay', {
    alsoRefresh: ['dispatch'],
    onSuccess: (out) => setNotice(t('queued', { count: out.count })),
  });
  if (!filters.webhookId) return <p className="hint">{t('chooseWebhook')}</p>;
  return (
    <div className="export">
      <SelectField
        label={t('label')}
        value={status}
        onChange={(e) => setStatus(e.currentTarget.value as 'failed' | 'skipped')}
        options={[
          { value: 'failed', label: t('failed') },
          { value: 'skipped', label: t('skipped') },
        ]}
      />
      <button
        type="button"
        disabled={replay.isPending}
        onClick={() => {
          const end = filters.to ? Date.parse(filters.to) : Date.now();
          const since = filters.from ?? new Date(end - 24 * 3600 * 1000).toISOString();
          // The filters' From and To are the range: what the table shows is what is replayed.
          replay.mutate({
            webhookId: filters.webhookId!,
            since,
            ...(filters.to ? { until: filters.to } : {}),
            status,
          });
        }}
      >
        {replay.isPending
          ? t('busy')
          : filters.from
            ? t(filters.to ? 'fromTo' : 'sinceFrom')
            : t(filters.to ? 'last24hTo' : 'last24h')}
      </button>
      <ActionOutcome pending={replay.isPending ? t('queuing') : null} notice={notice} error={replay.error} />
    </div>
  );
}

export function LogScreen() {
  const { t } = useTranslation('log');
  const [values, setValues] = useState<FilterValues>(NO_FILTERS);
  const deferred = useDeferredValue(values);
  const filters = toLogFilters(deferred);
  const [openId, setOpenId] = useState<string | null>(null);
  return (
    <section className="screen" aria-labelledby="log-title">
      <h2 id="log-title">{t('title')}</h2>
      <p>
        <Link to="/settings/webhooks">{t('back')}</Link>
      </p>
      <div className="toolbar">
        <PauseSwitch />
      </div>
      <LogFilters
        value={values}
        onChange={(next) => {
          // A delivery opened before the filters changed may not be among the rows any more.
          setOpenId(null);
          setValues(next);
        }}
      />
      <div className="toolbar">
        <ExportControls filters={filters} />
        <ReplayControls filters={filters} />
      </div>
      <div className={openId ? 'log-layout with-detail' : 'log-layout'}>
        <LogTable filters={filters} onOpen={setOpenId} />
        {openId ? <DeliveryDetail id={openId} onClose={() => setOpenId(null)} /> : null}
      </div>
    </section>
  );
}
