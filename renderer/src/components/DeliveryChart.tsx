/**
 * The last 14 days of one webhook's deliveries, a stacked bar per day (success, error, failed,
 * skipped while disabled, waiting to be sent), drawn in SVG with attributes only, so the CSP needs
 * no inline styles. A table behind it gives the numbers to screen readers.
 * Refreshed by deliveries.recorded; polled only while the notices are lost.
 */
import { useTranslation } from 'react-i18next';
import { useOp } from '../api/client-context.js';
import { useFallbackInterval } from '../api/notices.js';
import { ErrorText } from './ErrorText.js';

const DAYS = 14;
const HEIGHT = 40;
const BAR = 8;
const GAP = 3;
const SERIES = ['success', 'error', 'failed', 'skipped', 'waiting'] as const;
type Counts = Record<(typeof SERIES)[number], number>;

export function DeliveryChart({ webhookId, name }: { webhookId: string; name: string }) {
  const { t } = useTranslation('webhooks', { keyPrefix: 'chart' });
  const stats = useOp(
    'webhooks.stats',
    { id: webhookId, days: DAYS },
    { refetchInterval: useFallbackInterval(10_000) },
  );
  if (stats.isError)
    return (
      <p className="hint">
        {t('unavailable')} <ErrorText error={stats.error} />
      </p>
    );
  const days = stats.data?.days ?? [];
  const max = Math.max(1, ...days.map((d) => SERIES.reduce((sum, s) => sum + d[s], 0)));
  const totals = Object.fromEntries(SERIES.map((s) => [s, days.reduce((sum, d) => sum + d[s], 0)])) as Counts;
  const counts = (c: Counts) => t('counts', { ...c });
  const summary = t('summary', { name, days: DAYS, counts: counts(totals) });
  const caption = [
    t('ok', { days: DAYS, count: totals.success }),
    totals.error + totals.failed > 0 ? t('failing', { count: totals.error + totals.failed }) : '',
    totals.skipped > 0 ? t('skipped', { count: totals.skipped }) : '',
    totals.waiting > 0 ? t('waiting', { count: totals.waiting }) : '',
  ]
    .filter(Boolean)
    .join(', ');
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
              <title>{`${day.date}: ${counts(day)}`}</title>
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
      <figcaption className="hint">{caption}</figcaption>
    </figure>
  );
}
