/** One delivery: the request (headers, payload), the response, every attempt, and Redeliver. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAction, useOp } from '../../api/client-context.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatShortTime, formatTime } from '../../lib/format.js';
import { waitingLabel } from './reason-text.js';

const headersText = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');

export function DeliveryDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation('log', { keyPrefix: 'detail' });
  const detail = useOp('log.get', { id });
  const [notice, setNotice] = useState<string | null>(null);
  const redeliver = useAction('log.redeliver', {
    alsoRefresh: ['dispatch'],
    onSuccess: (out) => setNotice(t('redelivered', { id: out.deliveryId })),
  });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [id]);

  const d = detail.data;
  const last = d?.attempts[d.attempts.length - 1];
  return (
    <aside className="card detail" aria-labelledby="delivery-title">
      <div className="detail-head">
        <h3 id="delivery-title" tabIndex={-1} ref={heading}>
          {d ? t('title', { eventType: d.eventType }) : t('titleLoading')}
        </h3>
        <button type="button" onClick={onClose}>
          {t('close')}
        </button>
      </div>
      {detail.isError ? (
        <p className="form-error" role="alert">
          {detail.error.message}
        </p>
      ) : null}
      {d ? (
        <>
          <dl className="facts">
            <dt>{t('status')}</dt>
            <dd>
              <StatusBadge status={d.status} />
              {d.waiting ? <span className="hint waiting"> {waitingLabel(d)}</span> : null}
            </dd>
            <dt>{t('timestamp')}</dt>
            <dd>{formatTime(d.createdAt)}</dd>
            <dt>{t('eventId')}</dt>
            <dd>
              <code>{d.eventId}</code>
            </dd>
            <dt>{t('attempt')}</dt>
            <dd>{d.attempt}</dd>
            <dt>{t('nextAttempt')}</dt>
            <dd>{formatTime(d.nextAttemptAt)}</dd>
          </dl>
          <h4>{t('request')}</h4>
          {/* Focusable, so a long one scrolls with the arrow keys. */}
          <pre aria-label={t('requestHeaders')} tabIndex={0}>
            {headersText(d.requestHeaders)}
          </pre>
          <h4>{t('payload')}</h4>
          <pre aria-label={t('payload')} tabIndex={0}>
            {JSON.stringify(d.payload, null, 2)}
          </pre>
          <h4>{t('response')}</h4>
          <p>
            {t('responseCode')} <strong>{d.responseCode ?? '—'}</strong>
            {d.durationMs !== null ? ` ${t('duration', { ms: d.durationMs })}` : ''}
          </p>
          {d.lastError ? <p className="form-error">{d.lastError}</p> : null}
          {last?.responseBody ? (
            <pre aria-label={t('responseBody')} tabIndex={0}>
              {last.responseBody}
            </pre>
          ) : null}
          <h4 id="attempts-title">{t('attempts')}</h4>
          <table className="list attempts" aria-labelledby="attempts-title">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('started')}</th>
                <th scope="col">{t('outcome')}</th>
                <th scope="col">{t('responseCode').replace(/:$/, '')}</th>
                <th scope="col">{t('durationColumn')}</th>
                <th scope="col">{t('error')}</th>
              </tr>
            </thead>
            <tbody>
              {d.attempts.map((a) => (
                <tr key={a.attempt}>
                  <td>{a.attempt}</td>
                  <td>{formatShortTime(a.startedAt)}</td>
                  <td>
                    <StatusBadge status={a.outcome} />
                  </td>
                  <td>{a.responseCode ?? '—'}</td>
                  <td>{t('ms', { ms: a.durationMs })}</td>
                  <td>{a.error ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="actions">
            <button
              type="button"
              className="primary"
              onClick={() => redeliver.mutate({ deliveryId: d.id })}
              disabled={redeliver.isPending}
            >
              {t('redeliver')}
            </button>
          </div>
          {notice ? (
            <p role="status" className="notice">
              {notice}
            </p>
          ) : null}
          {redeliver.error ? (
            <p className="form-error" role="alert">
              {redeliver.error.message}
            </p>
          ) : null}
        </>
      ) : (
        <p className="hint">{t('loading')}</p>
      )}
    </aside>
  );
}
