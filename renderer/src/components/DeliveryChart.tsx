/**
 * The last 14 days of one webhook's deliveries, a stacked bar per day
 * (success, error, failed, other), drawn in SVG with attributes only, so the
 * CSP needs no inline styles. A table behind it gives the numbers to screen readers.
 * Refreshed by deliveries.recorded; polled only while the notices are lost.
 */
import { useOp } from '../api/client-context.js';
import { useFallbackInterval } from '../api/notices.js';

const DAYS = 14;
const HEIGHT = 40;
const BAR = 8;
const GAP = 3;
const SERIES = ['success', 'error', 'failed', 'other'] as const;

export function DeliveryChart({ webhookId, name }: { webhookId: string; name: string }) {
  const stats = useOp(
    'webhooks.stats',
    { id: webhookId, days: DAYS },
    { refetchInterval: useFallbackInterval(10_000) },
  );
  if (stats.isError) return <p className="hint">Chart unavailable: {stats.error.message}</p>;
  const days = stats.data?.days ?? [];
  const max = Math.max(1, ...days.map((d) => d.success + d.error + d.failed + d.other));
  const totals = SERIES.map((s) => days.reduce((sum, d) => sum + d[s], 0));
  const summary = `${name}, last ${DAYS} days: ${totals[0]} success, ${totals[1]} error, ${totals[2]} failed, ${totals[3]} other`;
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-label={summary}
        width={DAYS * (BAR + GAP)}
        height={HEIGHT}
        viewBox={`0 0 ${DAYS * (BAR + GAP)} ${HEIGHT}`}
      >
        {days.map((day, i) => {
          let y = HEIGHT;
          return (
            <g key={day.date}>
              <title>{`${day.date}: ${day.success} success, ${day.error} error, ${day.failed} failed, ${day.other} other`}</title>
              <rect className="bar-empty" x={i * (BAR + GAP)} y={0} width={BAR} height={HEIGHT} />
              {SERIES.map((s) => {
                const h = (day[s] / max) * HEIGHT;
                y -= h;
                return h > 0 ? (
                  <rect key={s} className={`bar-${s}`} x={i * (BAR + GAP)} y={y} width={BAR} height={h} />
                ) : null;
              })}
            </g>
          );
        })}
      </svg>
      <figcaption className="hint">
        {`Last ${DAYS} days: ${totals[0]} ok`}
        {totals[1] + totals[2] > 0 ? `, ${totals[1] + totals[2]} failing` : ''}
        {totals[3] > 0 ? `, ${totals[3]} other` : ''}
      </figcaption>
    </figure>
  );
}
