/**
 * The delivery_attempts table: one row per attempt, written with the
 * delivery's new state in the same transaction (`dispatcher/record.ts`).
 * The request headers are stored without what the row already says
 * (`store/attempt-headers.ts`) and given back whole.
 * Drizzle prepared statements, each built on its first use and kept (`prepared.ts`).
 */
import { and, asc, count, eq, gt, gte, inArray, not, sql } from 'drizzle-orm';
import { HEALTH_EVENT_TYPES } from '../../../../contract/index.js';
import type { Db } from '../database.js';
import { sentHeaders, storeHeaders } from '../attempt-headers.js';
import { deliveries, deliveryAttempts } from '../schema.js';
import { onFirstUse } from './prepared.js';
import { p } from './params.js';

type Row = typeof deliveryAttempts.$inferSelect;

/** An attempt as the log shows it: the headers as they were sent, its delivery by the public id. */
export type AttemptRow = Omit<
  Row,
  'seq' | 'deliverySeq' | 'requestHeaders' | 'standardHeaders' | 'signatures'
> & {
  deliveryId: string;
  requestHeaders: Record<string, string>;
};

/** The row refers to its delivery by the delivery's `seq`, found by its id in the same statement. */
const seqOf = (deliveryId: ReturnType<typeof p>) =>
  sql<number>`(SELECT ${deliveries.seq} FROM ${deliveries} WHERE ${deliveries.id} = ${deliveryId})`;

/** An attempt to record; `eventId` is its delivery's (the `webhook-id` it was sent with). */
export type NewAttempt = AttemptRow & { eventId: string };

function prepare(db: Db) {
  return {
    insert: onFirstUse(() =>
      db
        .insert(deliveryAttempts)
        .values({
          deliverySeq: seqOf(p('deliveryId')),
          attempt: p('attempt'),
          startedAt: p('startedAt'),
          requestHeaders: p('requestHeaders'),
          standardHeaders: p('standardHeaders'),
          signatures: p('signatures'),
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
        .select({
          deliveryId: deliveries.id,
          eventId: deliveries.eventId,
          attempt: deliveryAttempts.attempt,
          startedAt: deliveryAttempts.startedAt,
          requestHeaders: deliveryAttempts.requestHeaders,
          standardHeaders: deliveryAttempts.standardHeaders,
          signatures: deliveryAttempts.signatures,
          responseCode: deliveryAttempts.responseCode,
          responseBody: deliveryAttempts.responseBody,
          durationMs: deliveryAttempts.durationMs,
          error: deliveryAttempts.error,
          outcome: deliveryAttempts.outcome,
        })
        .from(deliveryAttempts)
        .innerJoin(deliveries, eq(deliveries.seq, deliveryAttempts.deliverySeq))
        .where(eq(deliveries.id, p('deliveryId')))
        .orderBy(asc(deliveryAttempts.attempt), asc(deliveryAttempts.seq))
        .prepare(),
    ),
    recentStarts: onFirstUse(() =>
      db
        .select({ t: deliveryAttempts.startedAt })
        .from(deliveryAttempts)
        .innerJoin(deliveries, eq(deliveries.seq, deliveryAttempts.deliverySeq))
        // The last hour's attempts by time, then their deliveries' webhook: the unary + keeps SQLite
        // from walking the webhook's whole history through (webhook_id, id) instead.
        .where(
          and(gt(deliveryAttempts.startedAt, p('since')), sql`+${deliveries.webhookId} = ${p('webhookId')}`),
        )
        .orderBy(asc(deliveryAttempts.startedAt))
        .prepare(),
    ),
    failedSince: onFirstUse(() =>
      db
        .select({ n: count() })
        .from(deliveryAttempts)
        .innerJoin(deliveries, eq(deliveries.seq, deliveryAttempts.deliverySeq))
        .where(
          and(
            gte(deliveryAttempts.startedAt, p('since')),
            // By time, as recentStarts: not through the webhook's whole history.
            sql`+${deliveries.webhookId} = ${p('webhookId')}`,
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

  insert(row: NewAttempt): void {
    const { eventId, requestHeaders, ...rest } = row;
    const stored = storeHeaders(requestHeaders, eventId, row.startedAt);
    this.q.insert().run({
      ...rest,
      requestHeaders: stored.json,
      standardHeaders: stored.standard,
      signatures: stored.signatures,
    });
  }

  /** A delivery's attempts, first to last. */
  forDelivery(deliveryId: string): AttemptRow[] {
    return this.q
      .forDelivery()
      .all({ deliveryId })
      .map(({ eventId, requestHeaders, standardHeaders, signatures, ...row }) => ({
        ...row,
        requestHeaders: sentHeaders(
          { json: requestHeaders, standard: standardHeaders, signatures },
          eventId,
          row.startedAt,
        ),
      }));
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
