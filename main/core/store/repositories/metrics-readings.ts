/**
 * What `/metrics` reads from the database at each scrape (`metrics/core-metrics.ts`).
 * Every statement is bounded: an index seek or an index range over rows still
 * waiting, never a walk of the delivery log or the outbox's history
 * (`test/core/store/metrics-readings.test.ts` checks each plan with EXPLAIN
 * QUERY PLAN). The webhooks table is read whole: it is the label set itself,
 * one row per webhook, and small by construction (REST-hook subscriptions are
 * capped per key by `maxSubscriptionsPerKey`).
 */
import { and, asc, count, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db, Store } from '../database.js';
import { deliveries, outbox, webhooks } from '../schema.js';
import { onFirstUse } from './prepared.js';
import { p } from './params.js';

/** The queries, unprepared: the repository prepares them, the plan test EXPLAINs their SQL. */
export function metricsQueries(db: Db) {
  return {
    webhookIds: db.select({ id: webhooks.id }).from(webhooks),
    /** A webhook's oldest delivery still waiting: its partial index `deliveries_webhook_waiting_idx`, one row. */
    oldestWaiting: db
      .select({ createdAt: deliveries.createdAt })
      .from(deliveries)
      .where(and(eq(deliveries.webhookId, p('webhookId')), isNotNull(deliveries.nextAttemptAt)))
      .orderBy(asc(deliveries.id))
      .limit(1),
    /** Deliveries waiting to be sent: the range of `deliveries_due_idx` that is not null. */
    held: db.select({ n: count() }).from(deliveries).where(isNotNull(deliveries.nextAttemptAt)),
    /** Events not fanned out yet: the null range of `outbox_pending_idx`. */
    outboxBacklog: db.select({ n: count() }).from(outbox).where(isNull(outbox.fannedOutAt)),
  };
}

export interface MetricsReadings {
  webhookIds(): string[];
  /** When the webhook's oldest delivery still waiting was made (ms), or undefined when none waits. */
  oldestWaitingCreatedAt(webhookId: string): number | undefined;
  heldCount(): number;
  outboxBacklog(): number;
  /** The database's pages times their size, in bytes (the WAL not counted). */
  databaseBytes(): number;
}

export class SqliteMetricsReadings implements MetricsReadings {
  private readonly q;
  private readonly pages;

  constructor(store: Pick<Store, 'db' | 'sqlite'>) {
    const queries = metricsQueries(store.db);
    this.q = {
      webhookIds: onFirstUse(() => queries.webhookIds.prepare()),
      oldestWaiting: onFirstUse(() => queries.oldestWaiting.prepare()),
      held: onFirstUse(() => queries.held.prepare()),
      outboxBacklog: onFirstUse(() => queries.outboxBacklog.prepare()),
    };
    this.pages = onFirstUse(() => ({
      count: store.sqlite.prepare('PRAGMA page_count').pluck(),
      size: store.sqlite.prepare('PRAGMA page_size').pluck(),
    }));
  }

  webhookIds(): string[] {
    return this.q
      .webhookIds()
      .all()
      .map((row) => row.id);
  }

  oldestWaitingCreatedAt(webhookId: string): number | undefined {
    return this.q.oldestWaiting().get({ webhookId })?.createdAt;
  }

  heldCount(): number {
    return this.q.held().get()?.n ?? 0;
  }

  outboxBacklog(): number {
    return this.q.outboxBacklog().get()?.n ?? 0;
  }

  databaseBytes(): number {
    const { count: pageCount, size } = this.pages();
    return Number(pageCount.get()) * Number(size.get());
  }
}
