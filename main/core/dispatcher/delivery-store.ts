/**
 * The deliveries table as the dispatcher uses it. Every planned send is a row
 * whose `next_attempt_at` says when; nothing about the schedule lives only in
 * memory, so a restart, a crash or a sleep loses nothing.
 *
 * Statuses: `pending` (not tried yet), `retrying` (an attempt failed and the
 * next is planned), `success`, `failed` (the schedule ran out, or 410 Gone),
 * `skipped` (the webhook was disabled; replayable). `error` is never written:
 * the log's `error` filter means "retrying or failed", the seed's Error.
 */
import { and, asc, eq, gt, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import type { CoreContext } from '../context.js';
import { newId } from '../ids.js';
import type { Db, Sqlite } from '../store/database.js';
import { deliveries, outbox, webhooks } from '../store/schema.js';
import { fanOutHooks, subscriptionFilter } from './fan-out.js';

export type DeliveryRow = typeof deliveries.$inferSelect;

const WAITING = ['pending', 'retrying'];

/** Marks a webhook's waiting deliveries `skipped` (it was disabled); they can be replayed. */
export function skipWaitingDeliveries(db: Db, webhookId: string, now: number, reason: string): number {
  return db
    .update(deliveries)
    .set({ status: 'skipped', nextAttemptAt: null, lastError: reason, updatedAt: now })
    .where(and(eq(deliveries.webhookId, webhookId), inArray(deliveries.status, WAITING)))
    .run().changes;
}

export interface AttemptResult {
  attempt: number;
  startedAt: number;
  finishedAt: number;
  requestHeaders: Record<string, string>;
  responseCode: number | null;
  responseBody: string | null;
  durationMs: number;
  error: string | null;
  outcome: 'success' | 'error';
  /** What follows: success, a planned retry, or the end. */
  next: { status: 'success' | 'retrying' | 'failed'; nextAttemptAt: number | null };
  /** Set when the receiver answered 410 Gone: the webhook is disabled with this reason. */
  disableWebhook?: string;
}

/**
 * The dispatcher's hot queries, prepared once: building and preparing a drizzle
 * query costs more than running it, and these run for every delivery.
 */
function prepareHotQueries(db: Db) {
  return {
    get: db
      .select()
      .from(deliveries)
      .where(eq(deliveries.id, sql.placeholder('id')))
      .prepare(),
    earliestAfter: db
      .select({ at: sql<number | null>`min(${deliveries.nextAttemptAt})` })
      .from(deliveries)
      .where(gt(deliveries.nextAttemptAt, sql.placeholder('now')))
      .prepare(),
    // The ones in flight are left out in JS: a NOT IN over json_each cost more than the few extra rows.
    due: db
      .select()
      .from(deliveries)
      .where(
        and(
          eq(deliveries.webhookId, sql.placeholder('webhookId')),
          lte(deliveries.nextAttemptAt, sql.placeholder('now')),
        ),
      )
      .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.id))
      .limit(sql.placeholder('limit'))
      .prepare(),
    anyToFanOut: db
      .select({ seq: outbox.seq })
      .from(outbox)
      .where(isNull(outbox.fannedOutAt))
      .limit(1)
      .prepare(),
    insertDelivery: db
      .insert(deliveries)
      .values({
        id: sql.placeholder('id'),
        webhookId: sql.placeholder('webhookId'),
        eventId: sql.placeholder('eventId'),
        eventType: sql.placeholder('eventType'),
        status: sql.placeholder('status'),
        attempt: 0,
        nextAttemptAt: sql.placeholder('nextAttemptAt'),
        lastError: sql.placeholder('lastError'),
        createdAt: sql.placeholder('now'),
        updatedAt: sql.placeholder('now'),
      })
      .prepare(),
  };
}

/**
 * Recording an attempt runs for every send: plain better-sqlite3 statements with
 * positional parameters, which skip drizzle's per-call parameter mapping.
 */
function prepareAttemptStatements(sqlite: Sqlite) {
  return {
    payload: sqlite.prepare<[string], string>('SELECT payload FROM outbox WHERE id = ?').pluck(),
    updateAfterAttempt: sqlite.prepare<
      [string, number, number | null, number, number | null, string | null, number, string]
    >(
      `UPDATE deliveries SET status = ?, attempt = ?, response_code = ?, duration_ms = ?,
         next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?`,
    ),
    insertAttempt: sqlite.prepare<
      [string, string, number, number, string, number | null, string | null, number, string | null, string]
    >(
      `INSERT INTO delivery_attempts (id, delivery_id, attempt, started_at, request_headers, response_code,
         response_body, duration_ms, error, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };
}

export class DeliveryStore {
  private hot: ReturnType<typeof prepareHotQueries> | undefined;
  private attemptStatements: ReturnType<typeof prepareAttemptStatements> | undefined;

  constructor(private readonly ctx: CoreContext) {}

  private get queries(): ReturnType<typeof prepareHotQueries> {
    this.hot ??= prepareHotQueries(this.ctx.db);
    return this.hot;
  }

  private get statements(): ReturnType<typeof prepareAttemptStatements> {
    this.attemptStatements ??= prepareAttemptStatements(this.ctx.sqlite);
    return this.attemptStatements;
  }

  /**
   * Fans new outbox rows out into deliveries, one per matching webhook
   * (`skipped` for a disabled one; none for a key's subscription whose key is
   * not active or may not read the event), and marks them fanned out, all in
   * one transaction per batch. Returns how many deliveries were created.
   */
  fanOut(batchSize = 500): number {
    const { db, sqlite, clock } = this.ctx;
    let created = 0;
    // The dispatcher asks after every delivery; most times there is nothing new, and no transaction is needed to see that.
    if (!this.queries.anyToFanOut.get()) return 0;
    for (;;) {
      const batch = sqlite.transaction(() => {
        const events = db
          .select({ seq: outbox.seq, id: outbox.id, type: outbox.type })
          .from(outbox)
          .where(isNull(outbox.fannedOutAt))
          .orderBy(asc(outbox.seq))
          .limit(batchSize)
          .all();
        if (events.length === 0) return { events: 0, made: 0 };
        const now = clock.now();
        // Joined with each subscription's key in this transaction: a key revoked, disabled or stripped
        // of a read permission before this point gets nothing, and one revoked after skips what this made.
        const hooks = fanOutHooks(db).map((hook) => ({ hook, receives: subscriptionFilter(hook) }));
        let made = 0;
        for (const event of events) {
          for (const { hook, receives } of hooks) {
            if (!receives(event.type)) continue;
            this.insertDelivery(hook.id, event.id, event.type, now, hook.enabled);
            made++;
          }
        }
        db.update(outbox)
          .set({ fannedOutAt: now })
          .where(
            inArray(
              outbox.seq,
              events.map((e) => e.seq),
            ),
          )
          .run();
        return { events: events.length, made };
      })();
      created += batch.made;
      if (batch.events < batchSize) return created;
    }
  }

  /** A new delivery of an existing event (fan-out, redeliver, replay, test). */
  insertDelivery(webhookId: string, eventId: string, eventType: string, now: number, enabled = true): string {
    const id = newId('delivery', now);
    this.queries.insertDelivery.run({
      id,
      webhookId,
      eventId,
      eventType,
      status: enabled ? 'pending' : 'skipped',
      nextAttemptAt: enabled ? now : null,
      lastError: enabled ? null : 'the webhook was disabled',
      now,
    });
    return id;
  }

  /** A webhook's deliveries due by `now`, oldest first, leaving out those already in flight. */
  dueForWebhook(webhookId: string, now: number, limit: number, inFlight: string[]): DeliveryRow[] {
    const rows = this.queries.due.all({ webhookId, now, limit: limit + inFlight.length });
    if (inFlight.length === 0) return rows;
    const busy = new Set(inFlight);
    return rows.filter((row) => !busy.has(row.id)).slice(0, limit);
  }

  /**
   * The rate limit: this webhook's due deliveries wait, never dropped. The k-th
   * in line (oldest first) gets `slotFor(k)`, the time a slot frees for it, so
   * each row is moved once rather than all of them again whenever one slot frees.
   */
  deferDue(webhookId: string, now: number, inFlight: string[], slotFor: (k: number) => number): number {
    const { sqlite } = this.ctx;
    const move = sqlite.prepare('UPDATE deliveries SET next_attempt_at = ?, updated_at = ? WHERE id = ?');
    let moved = 0;
    for (;;) {
      const batch = this.dueForWebhook(webhookId, now, 1000, inFlight);
      if (batch.length === 0) return moved;
      sqlite.transaction(() => {
        for (const row of batch) move.run(Math.max(slotFor(moved++), now + 1), now, row.id);
      })();
    }
  }

  /** The earliest next attempt strictly after `now`, for the one timer. */
  earliestAfter(now: number): number | null {
    return this.queries.earliestAfter.get({ now })?.at ?? null;
  }

  /** The event as stored in the outbox: the exact body every attempt sends. */
  payload(eventId: string): string | undefined {
    return this.statements.payload.get(eventId);
  }

  get(id: string): DeliveryRow | undefined {
    return this.queries.get.get({ id });
  }

  /** Send times of a webhook's attempts since `sinceMs`, oldest first (seeds the rate limiter). */
  recentAttemptTimes(webhookId: string, sinceMs: number): number[] {
    return this.ctx.sqlite
      .prepare(
        `SELECT a.started_at AS t FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
         WHERE a.started_at > ? AND d.webhook_id = ? ORDER BY a.started_at`,
      )
      .all(sinceMs, webhookId)
      .map((row) => (row as { t: number }).t);
  }

  /** Writes the attempt and the delivery's new state together; false if the delivery is gone (webhook deleted). */
  recordAttempt(delivery: DeliveryRow, result: AttemptResult): boolean {
    return this.ctx.sqlite.transaction(() => this.writeAttempt(delivery, result))();
  }

  private writeAttempt(delivery: DeliveryRow, result: AttemptResult): boolean {
    const { db } = this.ctx;
    // The delivery's new state first: no row changed means it is gone (its webhook was deleted).
    const updated = this.statements.updateAfterAttempt.run(
      result.next.status,
      result.attempt,
      result.responseCode,
      result.durationMs,
      result.next.nextAttemptAt,
      result.error,
      result.finishedAt,
      delivery.id,
    );
    if (updated.changes === 0) return false;
    this.statements.insertAttempt.run(
      newId('attempt', result.startedAt),
      delivery.id,
      result.attempt,
      result.startedAt,
      JSON.stringify(result.requestHeaders),
      result.responseCode,
      result.responseBody,
      result.durationMs,
      result.error,
      result.outcome,
    );
    if (result.disableWebhook) {
      db.update(webhooks)
        .set({ enabled: false, disabledReason: result.disableWebhook, updatedAt: result.finishedAt })
        .where(eq(webhooks.id, delivery.webhookId))
        .run();
      skipWaitingDeliveries(db, delivery.webhookId, result.finishedAt, result.disableWebhook);
    }
    return true;
  }

  /** A due delivery of a webhook that is disabled meanwhile: skipped, replayable. */
  skip(id: string, now: number, reason: string): void {
    this.ctx.db
      .update(deliveries)
      .set({ status: 'skipped', nextAttemptAt: null, lastError: reason, updatedAt: now })
      .where(eq(deliveries.id, id))
      .run();
  }

  /** Deliveries waiting to be sent (held by the pause, or due later). */
  countWaiting(): number {
    return this.ctx.db
      .select({ n: sql<number>`count(*)` })
      .from(deliveries)
      .where(isNotNull(deliveries.nextAttemptAt))
      .get()!.n;
  }

  /** Enabled webhooks whose latest delivery (not counting skipped ones) is retrying or failed. */
  countFailingWebhooks(): number {
    const row = this.ctx.sqlite
      .prepare(
        `SELECT count(*) AS n FROM webhooks w WHERE w.enabled = 1 AND (
           SELECT d.status FROM deliveries d WHERE d.webhook_id = w.id AND d.status <> 'skipped'
           ORDER BY d.id DESC LIMIT 1) IN ('retrying', 'failed')`,
      )
      .get() as { n: number };
    return row.n;
  }
}
