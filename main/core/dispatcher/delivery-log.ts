/**
 * The webhook log: every delivery and its attempts, filtered and paged by
 * cursor (newest first, the cursor is the last id of a page), redelivery and
 * replay, the window's per-day chart, and batched iteration for the export.
 *
 * Ids sort by creation time, so a time range is an id range: the indexes on
 * (webhook_id, id), (status, id), (event_type, id) and (webhook_id, status, id)
 * keep every page a short index walk even with a million rows.
 */
import { and, asc, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Delivery, deliveryDetail, logFilters } from '../../../contract/index.js';
import { toIso } from '../clock.js';
import type { CoreContext } from '../context.js';
import { AppError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import { deliveries, deliveryAttempts, outbox } from '../store/schema.js';
import type { DeliveryRow, DeliveryStore } from './delivery-store.js';
import { toDelivery } from './delivery-view.js';
import { exportLog, type ExportFormat, type ExportStream } from './log-export.js';
import type { WebhooksService } from './webhooks-service.js';

export { toDelivery };

export type LogFilters = z.output<typeof logFilters>;
export type DeliveryDetail = z.output<typeof deliveryDetail>;

export interface LogListInput extends LogFilters {
  cursor?: string;
  limit?: number;
}

export interface ReplayInput {
  webhookId: string;
  since: string;
  status?: 'skipped' | 'failed';
}

/** The smallest delivery id created at `ms` or later: time ranges become id ranges. */
function idAtOrAfter(ms: number): string {
  return newId('delivery', ms).slice(0, 'dlv_'.length + 10);
}

export function filterConditions(filters: LogFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.webhookId) conditions.push(eq(deliveries.webhookId, filters.webhookId));
  if (filters.eventType) conditions.push(eq(deliveries.eventType, filters.eventType));
  // `error` is the seed's word for a delivery that did not succeed: retrying or failed.
  if (filters.status === 'error') conditions.push(inArray(deliveries.status, ['retrying', 'failed']));
  else if (filters.status) conditions.push(eq(deliveries.status, filters.status));
  if (filters.from) conditions.push(gte(deliveries.id, idAtOrAfter(Date.parse(filters.from))));
  if (filters.to) conditions.push(lt(deliveries.id, idAtOrAfter(Date.parse(filters.to) + 1)));
  return conditions;
}

export class DeliveryLog {
  constructor(
    private readonly ctx: CoreContext,
    private readonly webhooks: WebhooksService,
    private readonly store: DeliveryStore,
    /** New deliveries exist (redeliver, replay): the dispatcher sends them. */
    private readonly wake: () => void,
  ) {}

  private page(filters: LogFilters, cursor: string | undefined, limit: number): DeliveryRow[] {
    const conditions = filterConditions(filters);
    if (cursor) conditions.push(lt(deliveries.id, cursor));
    return this.ctx.db
      .select()
      .from(deliveries)
      .where(and(...conditions))
      .orderBy(desc(deliveries.id))
      .limit(limit)
      .all();
  }

  list(input: LogListInput = {}): { items: Delivery[]; nextCursor?: string } {
    const limit = input.limit ?? 50;
    const rows = this.page(input, input.cursor, limit + 1);
    const items = rows.slice(0, limit).map(toDelivery);
    return rows.length > limit ? { items, nextCursor: items[items.length - 1].id } : { items };
  }

  /** Every matching delivery, newest first, in batches (for the export). */
  *batches(filters: LogFilters, batchSize = 500): Generator<DeliveryRow[]> {
    let cursor: string | undefined;
    for (;;) {
      const rows = this.page(filters, cursor, batchSize);
      if (rows.length === 0) return;
      yield rows;
      if (rows.length < batchSize) return;
      cursor = rows[rows.length - 1].id;
    }
  }

  /** The log as CSV or NDJSON, streamed in batches. */
  export(format: ExportFormat, filters: LogFilters = {}): ExportStream {
    return exportLog(this, format, filters);
  }

  /** The stored event bodies of these deliveries, by event id. */
  payloads(eventIds: string[]): Map<string, string> {
    if (eventIds.length === 0) return new Map();
    const rows = this.ctx.db
      .select({ id: outbox.id, payload: outbox.payload })
      .from(outbox)
      .where(inArray(outbox.id, [...new Set(eventIds)]))
      .all();
    return new Map(rows.map((r) => [r.id, r.payload]));
  }

  get(id: string): DeliveryDetail {
    const row = this.store.get(id);
    if (!row) throw notFound('delivery', id);
    const attempts = this.ctx.db
      .select()
      .from(deliveryAttempts)
      .where(eq(deliveryAttempts.deliveryId, id))
      .orderBy(asc(deliveryAttempts.attempt))
      .all()
      .map((a) => ({
        attempt: a.attempt,
        startedAt: toIso(a.startedAt),
        requestHeaders: JSON.parse(a.requestHeaders) as Record<string, string>,
        responseCode: a.responseCode,
        responseBody: a.responseBody,
        durationMs: a.durationMs,
        error: a.error,
        outcome: a.outcome as 'success' | 'error',
      }));
    const payload = this.store.payload(row.eventId);
    return {
      ...toDelivery(row),
      payload: payload === undefined ? null : (JSON.parse(payload) as unknown),
      requestHeaders: attempts.length > 0 ? attempts[attempts.length - 1].requestHeaders : {},
      attempts,
      lastError: row.lastError,
    };
  }

  /** Sends the same event again as a new delivery, with the same `webhook-id`. */
  redeliver(deliveryId: string): { deliveryId: string } {
    const row = this.store.get(deliveryId);
    if (!row) throw notFound('delivery', deliveryId);
    const hook = this.webhooks.row(row.webhookId);
    this.webhooks.assertEnabled(hook, 'redeliver');
    if (this.store.payload(row.eventId) === undefined) {
      throw new AppError(
        'conflict',
        `The event of delivery ${deliveryId} is no longer stored (older than the log retention)`,
      );
    }
    const id = this.store.insertDelivery(hook.id, row.eventId, row.eventType, this.ctx.clock.now());
    this.wake();
    return { deliveryId: id };
  }

  /**
   * Sends again what a webhook missed (skipped) or gave up on (failed) since
   * `since`: one new delivery per event, unless the event was already sent
   * again after that delivery (so replaying twice does not send twice).
   */
  replay(input: ReplayInput): { count: number } {
    const hook = this.webhooks.row(input.webhookId);
    this.webhooks.assertEnabled(hook, 'replay');
    const statuses = input.status ? [input.status] : ['skipped', 'failed'];
    const now = this.ctx.clock.now();
    const count = this.ctx.sqlite.transaction(() => {
      const rows = this.ctx.sqlite
        .prepare(
          `SELECT d.event_id AS eventId, d.event_type AS eventType FROM deliveries d
           WHERE d.webhook_id = ? AND d.status IN (${statuses.map(() => '?').join(',')}) AND d.id >= ?
             AND EXISTS (SELECT 1 FROM outbox o WHERE o.id = d.event_id)
             AND NOT EXISTS (SELECT 1 FROM deliveries later WHERE later.event_id = d.event_id
                             AND later.webhook_id = d.webhook_id AND later.id > d.id)
           ORDER BY d.id`,
        )
        .all(hook.id, ...statuses, idAtOrAfter(Date.parse(input.since))) as {
        eventId: string;
        eventType: string;
      }[];
      for (const row of rows) this.store.insertDelivery(hook.id, row.eventId, row.eventType, now);
      return rows.length;
    })();
    if (count > 0) this.wake();
    return { count };
  }

  /** Deliveries per UTC day and outcome for the last `days` days (the window's chart), oldest first. */
  stats(
    webhookId: string,
    days = 14,
  ): { days: { date: string; success: number; error: number; failed: number; other: number }[] } {
    this.webhooks.assertExists(webhookId);
    const dayMs = 86_400_000;
    const today = Math.floor(this.ctx.clock.now() / dayMs) * dayMs;
    const first = today - (days - 1) * dayMs;
    const rows = this.ctx.db
      .select({
        day: sql<string>`date(${deliveries.createdAt} / 1000, 'unixepoch')`,
        status: deliveries.status,
        n: sql<number>`count(*)`,
      })
      .from(deliveries)
      .where(and(eq(deliveries.webhookId, webhookId), gte(deliveries.createdAt, first)))
      .groupBy(sql`1`, deliveries.status)
      .all();
    const out = Array.from({ length: days }, (_, i) => ({
      date: toIso(first + i * dayMs).slice(0, 10),
      success: 0,
      error: 0,
      failed: 0,
      other: 0,
    }));
    const byDate = new Map(out.map((d) => [d.date, d]));
    for (const row of rows) {
      const bucket = byDate.get(row.day);
      if (!bucket) continue;
      if (row.status === 'success') bucket.success += row.n;
      else if (row.status === 'failed') bucket.failed += row.n;
      else if (row.status === 'retrying' || row.status === 'error') bucket.error += row.n;
      else bucket.other += row.n;
    }
    return { days: out };
  }
}
