/**
 * `/metrics` for Prometheus: its switch and its own read-only token, as the
 * window's Settings shows them (`metrics.get|update|rotateToken`). The token
 * itself appears only in the answer that made it.
 */
import { z } from 'zod';
import { isoDateTime } from './common.js';

/** Where the server answers Prometheus' scrapes (beside /healthz, outside /api/v1). */
export const METRICS_PATH = '/metrics';

export const metricsAccess = z.object({
  /** Off until the owner switches it on: while off, `/metrics` is a 404 like any unknown path. */
  enabled: z.boolean(),
  /** The token's last four characters, to tell which one a scraper holds; null before the first. */
  tokenLast4: z.string().nullable(),
  tokenCreatedAt: isoDateTime.nullable(),
});
export type MetricsAccess = z.infer<typeof metricsAccess>;

export const metricsUpdate = z.strictObject({ enabled: z.boolean() });

/** The first switch on makes the token: `token` is in that answer only. */
export const metricsAccessWithNewToken = metricsAccess.extend({ token: z.string().optional() });
export const metricsRotated = metricsAccess.extend({ token: z.string() });
