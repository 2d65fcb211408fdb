/**
 * The delivery_attempts table: one row per attempt, written with the
 * delivery's new state in the same transaction (`dispatcher/record.ts`).
 * Drizzle prepared statements, each built on its first use and kept (`prepared.ts`).
 */
import { and, asc, count, eq, gt, gte, inArray, not } from 'drizzle-orm';
import { HEALTH_EVENT_TYPES } from '../../../../contract/index.js';
import type { Db } from '../database.js';
import { deliveries, deliveryAttempts } from '../schema.js';
import { onFirstUse } from './prepared.js';
import { p } from './params.js';

export type AttemptRow = typeof deliveryAttempts.$inferSelect;

function prepare(db: Db) {
  return {
    insert: onFirstUse(() =>
      db
        .insert(deliveryAttempts)
        .values({
          id: p('id'),
          deliveryId: p('deliveryId'),
          attempt: p('attempt'),
          startedAt: p('startedAt'),
          requestHeaders: p('requestHeaders'),
          responseCode: p('responseCode'),
          responseBody: p('responseBody'),
          durationMs: p('durationMs'),
          error: p('error'),
          outcome: p('outcome'),
        })
        .prepare(),
    ),
    forDelivery: onFirstUse(() =>
      db
        .select()
        .from(deliveryAttempts)
        .where(eq(deliveryAttempts.deliveryId, p('deliveryId')))
        .orderBy(asc(deliveryAttempts.attempt))
        .prepare(),
    ),
    recentStarts: onFirstUse(() =>
      db
        .select({ t: deliveryAttempts.startedAt })
        .from(deliveryAttempts)
        .innerJoin(deliveries, eq(deliveries.id, deliveryAttempts.deliveryId))
        .where(and(gt(deliveryAttempts.startedAt, p('since')), eq(deliveries.webhookId, p('webhookId'))))
        .orderBy(asc(deliveryAttempts.startedAt))
        .prepare(),
    ),
    failedSince: onFirstUse(() =>
      db
        .select({ n: count() })
        .from(deliveryAttempts)
        .innerJoin(deliveries, eq(deliveries.id, deliveryAttempts.deliveryId))
        .where(
          and(
            gte(deliveryAttempts.startedAt, p('since')),
            eq(deliveries.webhookId, p('webhookId')),
            eq(deliveryAttempts.outcome, 'error'),
            eq(deliveries.manual, false),
            not(inArray(deliveries.eventType, [...HEALTH_EVENT_TYPES])),
          ),
        )
        .prepare(),
    ),
  };
}

export class DeliveryAttemptsRepository {
  private readonly q: ReturnType<typeof prepare>;

  constructor(db: Db) {
    this.q = prepare(db);
  }

  insert(row: AttemptRow): void {
    this.q.insert().run({ ...row });
  }

  /** A delivery's attempts, first to last. */
  forDelivery(deliveryId: string): AttemptRow[] {
    return this.q.forDelivery().all({ deliveryId });
  }

  /** Send times of a webhook's attempts since `since`, oldest first (seeds the outgoing rate limit). */
  recentStarts(webhookId: string, since: number): number[] {
    return this.q
      .recentStarts()
      .all({ webhookId, since })
      .map((row) => row.t);
  }

  /**
   * A webhook's failed attempts that started at or after `since` and count toward its failing
   * streak (not the owner's resends, not health events): a health event's `attemptsFailed`.
   */
  failedSince(webhookId: string, since: number): number {
    return this.q.failedSince().get({ webhookId, since })?.n ?? 0;
  }
}
