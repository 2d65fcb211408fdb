/**
 * The delivery log, virtualised: only the visible rows are in the DOM, and
 * pages of 200 are fetched by cursor as the user scrolls, so a million rows
 * stay smooth. ARIA table roles keep it a table for screen readers.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatShortTime } from '../../lib/format.js';
import type { toLogFilters } from './LogFilters.js';
import { useLogPages } from './use-log-pages.js';
import { waitingLabel } from './reason-text.js';

const ROW_HEIGHT = 48;

export function LogTable({
  filters,
  onOpen,
}: {
  filters: ReturnType<typeof toLogFilters>;
  onOpen: (deliveryId: string) => void;
}) {
  const { t } = useTranslation('log');
  const scroller = useRef<HTMLDivElement>(null);
  const { pages: log, behind, refresh } = useLogPages(filters, scroller, ROW_HEIGHT * 2);
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];
  const count = rows.length + (log.hasNextPage ? 1 : 0);
  const empty = !log.isPending && rows.length === 0;

  // eslint-disable-next-line react-hooks/incompatible-library -- this component is not memoised by the compiler
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const visible = virtualizer.getVirtualItems();
  const lastIndex = visible.length > 0 ? visible[visible.length - 1].index : -1;

  const { hasNextPage, isFetchingNextPage, fetchNextPage } = log;
  useEffect(() => {
    if (lastIndex >= rows.length - 1 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [lastIndex, rows.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  return (
    <div className="log">
      {behind ? (
        <button
          type="button"
          className="newer"
          onClick={() => {
            scroller.current?.scrollTo(0, 0);
            refresh();
          }}
        >
          {t('newer')}
        </button>
      ) : null}
      <div role="table" aria-label={t('table')} aria-rowcount={log.hasNextPage ? -1 : rows.length + 1}>
        <div role="rowgroup" className="log-head">
          <div role="row" className="log-row" aria-rowindex={1}>
            <span role="columnheader">{t('columns.timestamp')}</span>
            <span role="columnheader">{t('columns.event')}</span>
            <span role="columnheader">{t('columns.status')}</span>
            <span role="columnheader">{t('columns.responseCode')}</span>
            <span role="columnheader">{t('columns.attempt')}</span>
            <span role="columnheader">{t('columns.payload')}</span>
          </div>
        </div>
        <div
          ref={scroller}
          className={empty ? 'log-body is-empty' : 'log-body'}
          role="rowgroup"
          tabIndex={empty ? -1 : 0}
          aria-label={t('rows')}
        >
          {/* React writes `style` through the CSSOM, which the CSP (no 'unsafe-inline') allows. */}
          <div className="log-spacer" style={{ height: virtualizer.getTotalSize() }}>
            {visible.map((v) => {
              const d = rows[v.index];
              return (
                <div
                  key={v.key}
                  role="row"
                  aria-rowindex={v.index + 2}
                  data-delivery-id={d?.id}
                  className="log-row log-item"
                  style={{ transform: `translateY(${v.start}px)` }}
                >
                  {d ? (
                    <>
                      <span role="cell">{formatShortTime(d.createdAt)}</span>
                      <span role="cell" title={d.eventType}>
                        {d.eventType}
                      </span>
                      <span role="cell" className="log-status">
                        <StatusBadge status={d.status} />
                        {d.waiting ? <span className="hint waiting">{waitingLabel(d)}</span> : null}
                      </span>
                      <span role="cell">{d.responseCode ?? '—'}</span>
                      <span role="cell">{d.attempt}</span>
                      <span role="cell">
                        <button
                          type="button"
                          className="ghost"
                          onClick={() => onOpen(d.id)}
                          aria-label={t('viewLabel', {
                            eventType: d.eventType,
                            time: formatShortTime(d.createdAt),
                          })}
                        >
                          {t('view')}
                        </button>
                      </span>
                    </>
                  ) : (
                    <span role="cell" className="hint">
                      {t('loadingMore')}
                    </span>
                  )}
                </div>
              );
            })}
          </div>
        </div>
      </div>
      {/* Beside the table, not in it: a role=table owns only rowgroups and rows. */}
      {log.isError ? (
        <p className="form-error" role="alert">
          {log.error.message}
        </p>
      ) : null}
      {empty ? <p className="empty">{t('empty')}</p> : null}
      <p className="hint" aria-live="polite">
        {log.hasNextPage ? t('countMore', { count: rows.length }) : t('count', { count: rows.length })}
      </p>
    </div>
  );
}
