/**
 * The deliveries table as the outgoing path uses it. Every planned send is a
 * row whose `next_attempt_at` says when; nothing about the schedule lives
 * only in memory, so a restart, a crash or a sleep loses nothing.
 *
 * Statuses: `pending` (not tried yet), `retrying` (an attempt failed and the
 * next is planned), `success`, `failed` (the schedule ran out, or 410 Gone),
 * `skipped` (the webhook was disabled; replayable). `error` is never written:
 * the log's `error` filter means "retrying or failed", the seed's Error.
 *
 * Drizzle prepared statements, each built on its first use and kept
 * (`prepared.ts`): these run for every delivery.
 */
import { and, asc, eq, gt, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { deliveries, outbox, webhooks } from '../schema.js';
import { bodyColumns, bodyOf, type BodyColumns } from './outbox-events.js';
import { onFirstUse } from './prepared.js';
import { p, v } from './params.js';

export type DeliveryRow = typeof deliveries.$inferSelect;

/** A due delivery as the dispatcher sends it, with the body every attempt sends (null when the event is no longer stored). */
export type DueDelivery = Pick<
  DeliveryRow,
  'id' | 'webhookId' | 'eventId' | 'eventType' | 'attempt' | 'manual' | 'createdAt'
> & {
  payload: string | null;
  /** Why the event's stored data could not be read (a damaged row): such a delivery is never sent. */
  unreadable?: string;
};

export interface NewDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  /** `pending` to be sent now, or `skipped` with the reason in `lastError`. */
  status: 'pending' | 'skipped';
  nextAttemptAt: number | null;
  lastError: string | null;
  /** Sent again by the owner (redeliver, replay, Send test). */
  manual: boolean;
  now: number;
}

/** A delivery's state after an attempt. */
export interface AfterAttempt {
  id: string;
  status: 'success' | 'retrying' | 'failed';
  attempt: number;
  responseCode: number | null;
  durationMs: number;
  nextAttemptAt: number | null;
  lastError: string | null;
  updatedAt: number;
}

const WAITING = ['pending', 'retrying'];

/** What a due delivery is sent with (the payload joined from the outbox). */
const dueColumns = {
  id: deliveries.id,
  webhookId: deliveries.webhookId,
  eventId: deliveries.eventId,
  eventType: deliveries.eventType,
  attempt: deliveries.attempt,
  manual: deliveries.manual,
  createdAt: deliveries.createdAt,
};

function prepare(db: Db) {
  return {
    get: onFirstUse(() =>
      db
        .select()
        .from(deliveries)
        .where(eq(deliveries.id, p('id')))
        .prepare(),
    ),
    // The payload comes with the row: one query per pick instead of one more per send.
    due: onFirstUse(() =>
      db
        .select({ ...dueColumns, ...bodyColumns })
        .from(deliveries)
        .leftJoin(outbox, eq(outbox.id, deliveries.eventId))
        .where(and(eq(deliveries.webhookId, p('webhookId')), lte(deliveries.nextAttemptAt, p('now'))))
        .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.id))
        .limit(p('limit'))
        .prepare(),
    ),
    // An ordered webhook's next delivery, due or not (deliveries_webhook_waiting_idx).
    head: onFirstUse(() =>
      db
        .select({ ...dueColumns, nextAttemptAt: deliveries.nextAttemptAt, ...bodyColumns })
        .from(deliveries)
        .leftJoin(outbox, eq(outbox.id, deliveries.eventId))
        .where(and(eq(deliveries.webhookId, p('webhookId')), isNotNull(deliveries.nextAttemptAt)))
        .orderBy(asc(deliveries.id))
        .limit(1)
        .prepare(),
    ),
    dueIds: onFirstUse(() =>
      db
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(and(eq(deliveries.webhookId, p('webhookId')), lte(deliveries.nextAttemptAt, p('now'))))
        .orderBy(asc(deliveries.nextAttemptAt), asc(deliveries.id))
        .limit(p('limit'))
        .prepare(),
    ),
    earliestAfter: onFirstUse(() =>
      db
        .select({ at: sql<number | null>`min(${deliveries.nextAttemptAt})` })
        .from(deliveries)
        .where(gt(deliveries.nextAttemptAt, p('now')))
        .prepare(),
    ),
    insert: onFirstUse(() =>
      db
        .insert(deliveries)
        .values({
          id: p('id'),
          webhookId: p('webhookId'),
          eventId: p('eventId'),
          eventType: p('eventType'),
          status: p('status'),
          attempt: 0,
          nextAttemptAt: p('nextAttemptAt'),
          lastError: p('lastError'),
          manual: p('manual'),
          createdAt: p('now'),
          updatedAt: p('now'),
        })
        .prepare(),
    ),
    afterAttempt: onFirstUse(() =>
      db
        .update(deliveries)
        .set({
          status: v('status'),
          attempt: v('attempt'),
          responseCode: v('responseCode'),
          durationMs: v('durationMs'),
          nextAttemptAt: v('nextAttemptAt'),
          lastError: v('lastError'),
          updatedAt: v('updatedAt'),
        })
        .where(eq(deliveries.id, p('id')))
        .prepare(),
    ),
    moveTo: onFirstUse(() =>
      db
        .update(deliveries)
        .set({ nextAttemptAt: v('at'), updatedAt: v('now') })
        .where(eq(deliveries.id, p('id')))
        .prepare(),
    ),
    skip: onFirstUse(() =>
      db
        .update(deliveries)
        .set({ status: 'skipped', nextAttemptAt: null, lastError: v('reason'), updatedAt: v('now') })
        .where(eq(deliveries.id, p('id')))
        .prepare(),
    ),
    skipWaiting: onFirstUse(() =>
      db
        .update(deliveries)
        .set({ status: 'skipped', nextAttemptAt: null, lastError: v('reason'), updatedAt: v('now') })
        // `<> 'success'` repeats the partial index's condition: the walk reads only the rows not sent.
        .where(
          and(
            eq(deliveries.webhookId, p('webhookId')),
            inArray(deliveries.status, WAITING),
            sql`${deliveries.status} <> 'success'`,
          ),
        )
        .prepare(),
    ),
    countWaiting: onFirstUse(() =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(deliveries)
        .where(isNotNull(deliveries.nextAttemptAt))
        .prepare(),
    ),
    countFailingWebhooks: onFirstUse(() =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(webhooks)
        .where(
          and(
            eq(webhooks.enabled, true),
            sql`(${webhooks.failingMarkedAt} IS NOT NULL OR (SELECT d.status FROM ${deliveries} d WHERE d.webhook_id = ${webhooks.id} AND d.status <> 'skipped'
               ORDER BY d.id DESC LIMIT 1) IN ('retrying', 'failed'))`,
          ),
        )
        .prepare(),
    ),
    forEvent: onFirstUse(() =>
      db
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(and(eq(deliveries.eventId, p('eventId')), eq(deliveries.webhookId, p('webhookId'))))
        .prepare(),
    ),
  };
}

/**
 * The row without the outbox's columns, with the body they make. A body that cannot be read (a damaged
 * packed blob) is that row's `unreadable`, never the whole pick's failure.
 */
function withBody<R extends BodyColumns>(
  row: R,
): Omit<R, keyof BodyColumns> & { payload: string | null; unreadable?: string } {
  const { bodyId, bodyType, bodyAt, bodyPayload, bodyPacked, bodyForm, ...rest } = row;
  try {
    return { ...rest, payload: bodyOf({ bodyId, bodyType, bodyAt, bodyPayload, bodyPacked, bodyForm }) };
  } catch (err) {
    return { ...rest, payload: null, unreadable: err instanceof Error ? err.message : String(err) };
  }
}

export class DeliveriesRepository {
  private readonly q: ReturnType<typeof prepare>;

  constructor(db: Db) {
    this.q = prepare(db);
  }

  get(id: string): DeliveryRow | undefined {
    return this.q.get().get({ id });
  }

  insert(delivery: NewDelivery): void {
    this.q.insert().run({ ...delivery, manual: delivery.manual ? 1 : 0 });
  }

  /** A webhook's deliveries due by `now`, oldest first, with their payloads. */
  due(webhookId: string, now: number, limit: number): DueDelivery[] {
    return this.q.due().all({ webhookId, now, limit }).map(withBody);
  }

  /** The oldest delivery still waiting (pending or retrying), due or not: an ordered webhook sends only it. */
  head(webhookId: string): (DueDelivery & { nextAttemptAt: number }) | undefined {
    const row = this.q.head().get({ webhookId });
    return row && { ...withBody(row), nextAttemptAt: row.nextAttemptAt! };
  }

  /** Only the ids of what `due` would give (the rate limit moves them). */
  dueIds(webhookId: string, now: number, limit: number): string[] {
    return this.q
      .dueIds()
      .all({ webhookId, now, limit })
      .map((row) => row.id);
  }

  /** The earliest next attempt strictly after `now`, for the one timer. */
  earliestAfter(now: number): number | null {
    return this.q.earliestAfter().get({ now })?.at ?? null;
  }

  /** The delivery's new state after an attempt; false when it is gone (its webhook was deleted). */
  afterAttempt(state: AfterAttempt): boolean {
    return this.q.afterAttempt().run({ ...state }).changes > 0;
  }

  /** Moves a due delivery to a later time (the outgoing rate limit). */
  moveTo(id: string, at: number, now: number): void {
    this.q.moveTo().run({ id, at, now });
  }

  /** One delivery skipped (its webhook is disabled); replayable. */
  skip(id: string, now: number, reason: string): void {
    this.q.skip().run({ id, now, reason });
  }

  /** A webhook's waiting deliveries skipped (it was disabled); returns how many. */
  skipWaiting(webhookId: string, now: number, reason: string): number {
    return this.q.skipWaiting().run({ webhookId, now, reason }).changes;
  }

  /** Deliveries waiting to be sent (held by the pause, or due later). */
  countWaiting(): number {
    return this.q.countWaiting().get()!.n;
  }

  /** Enabled webhooks marked failing, or whose latest delivery (not counting skipped ones) is retrying or failed. */
  countFailingWebhooks(): number {
    return this.q.countFailingWebhooks().get()!.n;
  }

  /** The delivery the fan-out made of this event for this webhook. */
  idForEvent(eventId: string, webhookId: string): string | undefined {
    return this.q.forEvent().get({ eventId, webhookId })?.id;
  }
}
