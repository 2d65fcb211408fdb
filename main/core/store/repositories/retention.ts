/**
 * What log retention reads and deletes: finished deliveries and fanned-out
 * events past the cutoff, walked by (created_at, rowid) through the
 * `created_at` indexes a batch at a time, so rows kept (held deliveries,
 * needed events) are read once per run. Drizzle prepared statements, each
 * built on its first use and kept (`prepared.ts`).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { deliveries, outbox } from '../schema.js';
import { onFirstUse } from './prepared.js';
import { p } from './params.js';

/**
 * Where the walk is: after the row last read (its creation time and its
 * position, an opaque number of the store's own: SQLite's rowid, the outbox's
 * seq), with the cutoff and batch size.
 */
export interface Walk {
  cutoff: number;
  createdAt: number;
  position: number;
  limit: number;
}

export interface Candidate {
  position: number;
  createdAt: number;
  /** The row is finished and past the cutoff: it may go. */
  done: boolean;
}

type Row = { r: number; c: number; done: number };

const toCandidate = (row: Row): Candidate => ({ position: row.r, createdAt: row.c, done: row.done === 1 });
const params = (walk: Walk) => ({
  cutoff: walk.cutoff,
  c: walk.createdAt,
  r: walk.position,
  limit: walk.limit,
});

function prepare(db: Db) {
  return {
    deliveries: onFirstUse(() =>
      db
        .select({
          r: sql<number>`rowid`,
          c: deliveries.createdAt,
          done: sql<number>`${deliveries.status} IN ('success', 'failed', 'skipped') AND ${deliveries.updatedAt} < ${p('cutoff')}`,
        })
        .from(deliveries)
        .where(
          sql`(${deliveries.createdAt}, rowid) > (${p('c')}, ${p('r')}) AND ${deliveries.createdAt} < ${p('cutoff')}`,
        )
        .orderBy(deliveries.createdAt, sql`rowid`)
        .limit(p('limit'))
        .prepare(),
    ),
    deleteDelivery: onFirstUse(() =>
      db
        .delete(deliveries)
        .where(sql`rowid = ${p('r')}`)
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

  deliveriesAfter(walk: Walk): Candidate[] {
    return this.q.deliveries().all(params(walk)).map(toCandidate);
  }

  deleteDelivery(position: number): void {
    this.q.deleteDelivery().run({ r: position });
  }

  eventsAfter(walk: Walk): Candidate[] {
    return this.q.events().all(params(walk)).map(toCandidate);
  }

  deleteEvent(position: number): void {
    this.q.deleteEvent().run({ r: position });
  }
}
