/**
 * The webhook log: every delivery and its attempts, filtered and paged by
 * cursor (newest first, the cursor is the last id of a page), redelivery and
 * replay, the window's per-day chart, and batched iteration for the export.
 * A key's subscription is sent again only while the key may still read the
 * event (`key-gate.ts`): redeliver refuses (409 with the reason), replay makes
 * the delivery `skipped` with the reason at once and does not count it.
 *
 * Ids sort by creation time, so a time range is an id range: the indexes on
 * (webhook_id, id), (status, id), (event_type, id) and (webhook_id, status, id)
 * keep every page a short index walk even with a million rows.
 */
import type { z } from 'zod';
import type { Delivery, deliveryDetail, logFilters } from '../../../contract/index.js';
import { toIso, type Clock } from '../clock.js';
import { AppError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { OutgoingStore } from '../store/outgoing-store.js';
import type { DeliveryRow } from '../store/repositories/deliveries.js';
import type { WebhookRow } from '../store/repositories/webhooks.js';
import type { LogQuery } from '../store/repositories/delivery-log.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { toDelivery } from './delivery-view.js';
import { isKeySubscription, keyRefusal, type KeyRefusal } from './key-gate.js';
import { exportLog, type ExportFormat, type ExportStream } from './log-export.js';
import { UNREADABLE_EVENT } from './prepare.js';
import { waitingReasons } from './waiting.js';
import { reasonOf } from '../../../contract/reasons.js';
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
  /** Inclusive; open-ended when absent. */
  until?: string;
  status?: 'skipped' | 'failed';
}

/** The smallest delivery id created at `ms` or later: time ranges become id ranges. */
function idAtOrAfter(ms: number): string {
  return newId('delivery', ms).slice(0, 'dlv_'.length + 10);
}

/** The filters as the log's query: the time range as an id range. */
function logQuery(filters: LogFilters, cursor?: string): LogQuery {
  return {
    webhookId: filters.webhookId,
    eventType: filters.eventType,
    status: filters.status,
    fromId: filters.from ? idAtOrAfter(Date.parse(filters.from)) : undefined,
    toId: filters.to ? idAtOrAfter(Date.parse(filters.to) + 1) : undefined,
    cursor,
  };
}

/** What the log is built from. */
export interface DeliveryLogDeps {
  store: Pick<OutgoingStore, 'deliveries' | 'attempts' | 'events' | 'log' | 'webhooks'>;
  webhooks: WebhooksService;
  work: UnitOfWork;
  clock: Clock;
  /** New deliveries exist (redeliver, replay): the dispatcher sends them. */
  wake: () => void;
  /** Whether the network is there (`online.ts`): while it is not, due deliveries are held. */
  online: () => boolean;
}

export class DeliveryLog {
  private readonly store: DeliveryLogDeps['store'];
  private readonly webhooks: WebhooksService;

  constructor(private readonly deps: DeliveryLogDeps) {
    this.store = deps.store;
    this.webhooks = deps.webhooks;
  }

  private page(filters: LogFilters, cursor: string | undefined, limit: number): DeliveryRow[] {
    return this.store.log.page(logQuery(filters, cursor), limit);
  }

  list(input: LogListInput = {}): { items: Delivery[]; nextCursor?: string } {
    const limit = input.limit ?? 50;
    const rows = this.page(input, input.cursor, limit + 1);
    const items = this.withWaiting(rows.slice(0, limit));
    return rows.length > limit ? { items, nextCursor: items[items.length - 1].id } : { items };
  }

  /** The rows as the contract shows them, each waiting one with why it is not sent yet. */
  private withWaiting(rows: DeliveryRow[]): Delivery[] {
    const waiting = rows.some((row) => row.nextAttemptAt !== null);
    const hooks = waiting ? new Map(this.webhooks.rows().map((hook) => [hook.id, hook])) : new Map();
    const reasons = waiting
      ? waitingReasons(rows, {
          webhook: (id) => hooks.get(id),
          headId: (id) => this.store.deliveries.head(id)?.id,
          online: this.deps.online,
          now: () => this.deps.clock.now(),
        })
      : new Map<string, string>();
    return rows.map((row) => {
      const reason = reasons.get(row.id);
      const code = reasonOf(reason)?.code;
      return reason
        ? { ...toDelivery(row), waiting: reason, ...(code ? { waitingCode: code } : {}) }
        : toDelivery(row);
    });
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
    return this.store.events.payloads(eventIds);
  }

  get(id: string): DeliveryDetail {
    const row = this.store.deliveries.get(id);
    if (!row) throw notFound('delivery', id);
    const attempts = this.store.attempts.forDelivery(id).map((a) => ({
      attempt: a.attempt,
      startedAt: toIso(a.startedAt),
      requestHeaders: a.requestHeaders,
      responseCode: a.responseCode,
      responseBody: a.responseBody,
      durationMs: a.durationMs,
      error: a.error,
      outcome: a.outcome as 'success' | 'error',
    }));
    const payload = this.readPayload(row.eventId);
    return {
      ...this.withWaiting([row])[0],
      payload: typeof payload === 'string' ? (JSON.parse(payload) as unknown) : null,
      requestHeaders: attempts.length > 0 ? attempts[attempts.length - 1].requestHeaders : {},
      attempts,
      lastError: row.lastError,
    };
  }

  /** The event's body; undefined when no longer stored, the error when its stored data cannot be read. */
  private readPayload(eventId: string): string | undefined | Error {
    try {
      return this.store.events.payload(eventId);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
  }

  /** Sends the same event again as a new delivery, with the same `webhook-id`. */
  redeliver(deliveryId: string): { deliveryId: string } {
    const row = this.store.deliveries.get(deliveryId);
    if (!row) throw notFound('delivery', deliveryId);
    const hook = this.webhooks.row(row.webhookId);
    this.webhooks.assertEnabled(hook, 'redeliver');
    const payload = this.readPayload(row.eventId);
    if (payload === undefined) {
      throw new AppError(
        'conflict',
        `The event of delivery ${deliveryId} is no longer stored (older than the log retention)`,
      );
    }
    if (payload instanceof Error) throw new AppError('conflict', UNREADABLE_EVENT);
    const refused = this.keyRefusal(hook)(row.eventType);
    if (refused !== null) {
      throw new AppError(
        'conflict',
        `Delivery ${deliveryId} of webhook ${hook.name} is not sent again: ${refused.sentence}; ${refused.remedy}`,
      );
    }
    const id = this.insertDelivery(hook.id, row.eventId, row.eventType, this.deps.clock.now());
    this.deps.wake();
    return { deliveryId: id };
  }

  /** Why the key that subscribed this webhook may not be sent an event type now; always null for the owner's. */
  private keyRefusal(hook: WebhookRow): (eventType: string) => KeyRefusal | null {
    if (!isKeySubscription(hook)) return () => null;
    const key = hook.createdByKeyId === null ? undefined : this.store.webhooks.key(hook.createdByKeyId);
    return (eventType) => keyRefusal(key, eventType);
  }

  /**
   * Sends again what a webhook missed (skipped) or gave up on (failed) between
   * `since` and `until` (both inclusive, `until` open when absent; a reversed
   * range is a 422 naming Until): one new delivery per event, unless the event was already sent
   * again after that delivery (so replaying twice does not send twice). An event
   * the subscribing key may no longer read gets its delivery `skipped` with the
   * reason (the log says why), not counted.
   */
  replay(input: ReplayInput): { count: number } {
    const since = Date.parse(input.since);
    const until = input.until === undefined ? undefined : Date.parse(input.until);
    if (until !== undefined && until < since) {
      const message = `Until: ${input.until} is before Since (${input.since}): choose a later time, or leave Until out`;
      throw new AppError('validation_failed', message, { fields: [{ path: 'until', message }] });
    }
    const hook = this.webhooks.row(input.webhookId);
    this.webhooks.assertEnabled(hook, 'replay');
    const statuses: ('skipped' | 'failed')[] = input.status ? [input.status] : ['skipped', 'failed'];
    const now = this.deps.clock.now();
    const refusal = this.keyRefusal(hook);
    const count = this.deps.work.transaction(() => {
      const range = {
        sinceId: idAtOrAfter(since),
        untilId: until === undefined ? null : idAtOrAfter(until + 1),
      };
      const rows = this.store.log.replayable(hook.id, statuses, range);
      let queued = 0;
      for (const row of rows) {
        const refused = refusal(row.eventType)?.reason ?? null;
        this.insertDelivery(hook.id, row.eventId, row.eventType, now, refused);
        if (refused === null) queued++;
      }
      return queued;
    });
    if (count > 0) this.deps.wake();
    return { count };
  }

  /**
   * A new delivery of an event already sent (redeliver, replay), due now, or `skipped` with the
   * reason it may not be sent; manual: never counted toward a failing streak.
   */
  private insertDelivery(
    webhookId: string,
    eventId: string,
    eventType: string,
    now: number,
    skipped: string | null = null,
  ): string {
    const id = newId('delivery', now);
    this.store.deliveries.insert({
      id,
      webhookId,
      eventId,
      eventType,
      status: skipped === null ? 'pending' : 'skipped',
      nextAttemptAt: skipped === null ? now : null,
      lastError: skipped,
      manual: true,
      now,
    });
    return id;
  }

  /** Deliveries per UTC day and outcome for the last `days` days (the window's chart), oldest first. */
  stats(
    webhookId: string,
    days = 14,
  ): {
    days: {
      date: string;
      success: number;
      error: number;
      failed: number;
      skipped: number;
      waiting: number;
    }[];
  } {
    this.webhooks.assertExists(webhookId);
    const dayMs = 86_400_000;
    const today = Math.floor(this.deps.clock.now() / dayMs) * dayMs;
    const first = today - (days - 1) * dayMs;
    const rows = this.store.log.perDay(webhookId, first, idAtOrAfter(first));
    const out = Array.from({ length: days }, (_, i) => ({
      date: toIso(first + i * dayMs).slice(0, 10),
      success: 0,
      error: 0,
      failed: 0,
      skipped: 0,
      waiting: 0,
    }));
    const byDate = new Map(out.map((d) => [d.date, d]));
    for (const row of rows) {
      const bucket = byDate.get(row.day);
      if (!bucket) continue;
      if (row.status === 'success') bucket.success += row.n;
      else if (row.status === 'failed') bucket.failed += row.n;
      else if (row.status === 'retrying' || row.status === 'error') bucket.error += row.n;
      else if (row.status === 'skipped') bucket.skipped += row.n;
      else bucket.waiting += row.n;
    }
    return { days: out };
  }
}
