/** One delivery: the request (headers, payload), the response, every attempt, and Redeliver. */
import { useEffect, useRef, useState } from 'react';
import { useAction, useOp } from '../../api/client-context.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatTime } from '../../lib/format.js';

const headersText = (headers: Record<string, string>) =>
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');

export function DeliveryDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const detail = useOp('log.get', { id });
  const [notice, setNotice] = useState<string | null>(null);
  const redeliver = useAction('log.redeliver', {
    alsoRefresh: ['dispatch'],
    onSuccess: (out) => setNotice(`Redelivery queued as ${out.deliveryId}.`),
  });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [id]);

  const d = detail.data;
  const last = d?.attempts[d.attempts.length - 1];
  return (
    <aside className="card detail" aria-labelledby="delivery-title">
      <div className="detail-head">
        <h3 id="delivery-title" tabIndex={-1} ref={heading}>
          Delivery {d ? `${d.eventType}` : ''}
        </h3>
        <button type="button" onClick={onClose}>
          Close
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
            <dt>Status</dt>
            <dd>
              <StatusBadge status={d.status} />
              {d.waiting ? <span className="hint waiting"> {d.waiting}</span> : null}
            </dd>
            <dt>Timestamp</dt>
            <dd>{formatTime(d.createdAt)}</dd>
            <dt>Event id</dt>
            <dd>
              <code>{d.eventId}</code>
            </dd>
            <dt>Attempt</dt>
            <dd>{d.attempt}</dd>
            <dt>Next attempt</dt>
            <dd>{formatTime(d.nextAttemptAt)}</dd>
          </dl>
          <h4>Request</h4>
          <pre aria-label="Request headers">{headersText(d.requestHeaders)}</pre>
          <h4>Payload</h4>
          <pre aria-label="Payload">{JSON.stringify(d.payload, null, 2)}</pre>
          <h4>Response</h4>
          <p>
            Response code: <strong>{d.responseCode ?? '—'}</strong>
            {d.durationMs !== null ? ` in ${d.durationMs} ms` : ''}
          </p>
          {d.lastError ? <p className="form-error">{d.lastError}</p> : null}
          {last?.responseBody ? <pre aria-label="Response body">{last.responseBody}</pre> : null}
          <h4>Attempts</h4>
          <table className="list">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Started</th>
                <th scope="col">Outcome</th>
                <th scope="col">Response code</th>
                <th scope="col">Duration</th>
                <th scope="col">Error</th>
              </tr>
            </thead>
            <tbody>
              {d.attempts.map((a) => (
                <tr key={a.attempt}>
                  <td>{a.attempt}</td>
                  <td>{formatTime(a.startedAt)}</td>
                  <td>
                    <StatusBadge status={a.outcome} />
                  </td>
                  <td>{a.responseCode ?? '—'}</td>
                  <td>{a.durationMs} ms</td>
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
              Redeliver
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
        <p className="hint">Loading…</p>
      )}
    </aside>
  );
}
