/**
 * What log retention reads and deletes: finished deliveries and fanned-out
 * events past the cutoff, walked in order a batch at a time, so rows kept
 * (held deliveries, needed events) are read once per run. Deliveries are
 * walked by id through the id's own unique index (ids sort by creation time,
 * `ids.ts`: the ids made before the cutoff are those below `firstIdAt(cutoff)`),
 * events by (created_at, seq) through `outbox_created_idx`. Drizzle prepared
 * statements, each built on its first use and kept (`prepared.ts`).
 */
import { eq, sql } from 'drizzle-orm';
import { firstIdAt } from '../../ids.js';
import type { Db } from '../database.js';
import { deliveries, outbox } from '../schema.js';
import { onFirstUse } from './prepared.js';
import { p } from './params.js';

/** Where the walk is: after the row whose key is `after`, with the cutoff and the batch size. */
export interface Walk<K> {
  cutoff: number;
  after: K;
  limit: number;
}

export interface Candidate<K> {
  /** The row's position, an opaque number of the store's own (its rowid) that deletes it. */
  position: number;
  /** Its place in the walk: the next batch starts after it. */
  key: K;
  /** The row is finished and past the cutoff: it may go. */
  done: boolean;
}

/** A delivery's place in the walk: its id. */
export type DeliveryKey = string;
/** An event's place in the walk. */
export interface EventKey {
  createdAt: number;
  seq: number;
}

/** Where each walk starts: before every row. */
export const FIRST_DELIVERY: DeliveryKey = '';
export const FIRST_EVENT: EventKey = { createdAt: Number.MIN_SAFE_INTEGER, seq: 0 };

function prepare(db: Db) {
  return {
    deliveries: onFirstUse(() =>
      db
        .select({
          r: deliveries.seq,
          id: deliveries.id,
          // created_at too: a row whose id is older than its creation time (written by hand) stays.
          done: sql<number>`${deliveries.status} IN ('success', 'failed', 'skipped') AND ${deliveries.updatedAt} < ${p('cutoff')} AND ${deliveries.createdAt} < ${p('cutoff')}`,
        })
        .from(deliveries)
        .where(sql`${deliveries.id} > ${p('after')} AND ${deliveries.id} < ${p('below')}`)
        .orderBy(deliveries.id)
        .limit(p('limit'))
        .prepare(),
    ),
    deleteDelivery: onFirstUse(() =>
      db
        .delete(deliveries)
        .where(eq(deliveries.seq, p('r')))
        .prepare(),
    ),
    events: onFirstUse(() =>
      db
        .select({
          r: outbox.seq,
          c: outbox.createdAt,
          // Spelled out: drizzle leaves a selected column unqualified, which inside the subquery would name d's own id.
          done: sql<number>`${outbox.fannedOutAt} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${deliveries} d WHERE d.event_id = "outbox"."id")`,
        })
        .from(outbox)
        .where(
          sql`(${outbox.createdAt}, ${outbox.seq}) > (${p('c')}, ${p('r')}) AND ${outbox.createdAt} < ${p('cutoff')}`,
        )
        .orderBy(outbox.createdAt, outbox.seq)
        .limit(p('limit'))
        .prepare(),
    ),
    deleteEvent: onFirstUse(() =>
      db
        .delete(outbox)
        .where(eq(outbox.seq, p('r')))
        .prepare(),
    ),
  };
}

export class RetentionRepository {
  private readonly q: ReturnType<typeof prepare>;

  constructor(db: Db) {
    this.q = prepare(db);
  }

  /** Deliveries made before the cutoff (by their id's time), after `walk.after`, in id order. */
  deliveriesAfter(walk: Walk<DeliveryKey>): Candidate<DeliveryKey>[] {
    return this.q
      .deliveries()
      .all({
        cutoff: walk.cutoff,
        after: walk.after,
        below: firstIdAt('delivery', walk.cutoff),
        limit: walk.limit,
      })
      .map((row) => ({ position: row.r, key: row.id, done: row.done === 1 }));
  }

  deleteDelivery(position: number): void {
    this.q.deleteDelivery().run({ r: position });
  }

  eventsAfter(walk: Walk<EventKey>): Candidate<EventKey>[] {
    return this.q
      .events()
      .all({ cutoff: walk.cutoff, c: walk.after.createdAt, r: walk.after.seq, limit: walk.limit })
      .map((row) => ({ position: row.r, key: { createdAt: row.c, seq: row.r }, done: row.done === 1 }));
  }

  deleteEvent(position: number): void {
    this.q.deleteEvent().run({ r: position });
  }
}
