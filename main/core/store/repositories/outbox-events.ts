/**
 * The outbox's reading side: what the fan-out takes from it (events not yet
 * fanned out, oldest first) and marks as done, and the stored bodies the
 * dispatcher sends and the log shows. The writing side is `Outbox.record`,
 * called inside the transaction of the change that raises the event.
 * Drizzle prepared statements, each built on its first use and kept (`prepared.ts`).
 */
import { and, asc, desc, eq, gt, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { eventBody } from '../event-data.js';
import { outbox } from '../schema.js';
import { onFirstUse } from './prepared.js';
import { p, v } from './params.js';

/** An event as the fan-out reads it. */
export interface EventToFanOut {
  seq: number;
  id: string;
  type: string;
  /** Set when the event is addressed to this one webhook only (a test event). */
  webhookId: string | null;
}

/** One page of the feed: events after (or, newest first, before) `afterSeq` of these types. */
export interface FeedQuery {
  afterSeq: number | null;
  types: readonly string[];
  limit: number;
  order: 'asc' | 'desc';
}

/**
 * The columns an event's body is rebuilt from (store/event-data.ts), as `body*` so that a join's
 * other columns keep their names; `bodyOf` turns them into the body, null when no event joined.
 */
export const bodyColumns = {
  bodyId: outbox.id,
  bodyType: outbox.type,
  bodyAt: outbox.createdAt,
  bodyPayload: outbox.payload,
  bodyPacked: outbox.packed,
  bodyForm: outbox.payloadForm,
};

export interface BodyColumns {
  bodyId: string | null;
  bodyType: string | null;
  bodyAt: number | null;
  bodyPayload: string | null;
  bodyPacked: Buffer | null;
  bodyForm: number | null;
}

export function bodyOf(row: BodyColumns): string | null {
  if (row.bodyId === null) return null;
  return eventBody({
    id: row.bodyId,
    type: row.bodyType!,
    createdAt: row.bodyAt!,
    payload: row.bodyPayload!,
    packed: row.bodyPacked,
    form: row.bodyForm!,
  });
}

/**
 * The body, or null when the event's stored data cannot be read (a damaged packed blob): said in the
 * process's log, so one damaged event never fails a whole page of the feed or of the log's export.
 */
function readableBodyOf(row: BodyColumns): string | null {
  try {
    return bodyOf(row);
  } catch (err) {
    console.error(`dVersum: the stored data of event ${row.bodyId} cannot be read; it is left out.`, err);
    return null;
  }
}

/** Types as a JSON array, matched with json_each so one statement serves any list. */
const typeIn = sql`${outbox.type} IN (SELECT value FROM json_each(${p('types')}))`;

function prepare(db: Db) {
  const feedPage = (order: 'asc' | 'desc') =>
    db
      .select({ seq: outbox.seq, ...bodyColumns })
      .from(outbox)
      .where(
        and(
          isNull(outbox.webhookId),
          order === 'asc' ? gt(outbox.seq, p('after')) : lt(outbox.seq, p('after')),
          typeIn,
        ),
      )
      .orderBy(order === 'asc' ? asc(outbox.seq) : desc(outbox.seq))
      .limit(p('limit'))
      .prepare();
  return {
    // Test events (addressed to one webhook) are no part of the feed, neither as items nor as cursors;
    // nor is an event of a type the key may not read: one statement, whatever the reason.
    feedSeq: onFirstUse(() =>
      db
        .select({ seq: outbox.seq })
        .from(outbox)
        .where(and(eq(outbox.id, p('id')), isNull(outbox.webhookId), typeIn))
        .prepare(),
    ),
    feedAsc: onFirstUse(() => feedPage('asc')),
    feedDesc: onFirstUse(() => feedPage('desc')),
    any: onFirstUse(() =>
      db.select({ seq: outbox.seq }).from(outbox).where(isNull(outbox.fannedOutAt)).limit(1).prepare(),
    ),
    next: onFirstUse(() =>
      db
        .select({ seq: outbox.seq, id: outbox.id, type: outbox.type, webhookId: outbox.webhookId })
        .from(outbox)
        .where(isNull(outbox.fannedOutAt))
        .orderBy(asc(outbox.seq))
        .limit(p('limit'))
        .prepare(),
    ),
    // The batch read is every event not yet fanned out up to its last seq (read in order, in one transaction).
    markThrough: onFirstUse(() =>
      db
        .update(outbox)
        .set({ fannedOutAt: v('now') })
        .where(and(isNull(outbox.fannedOutAt), lte(outbox.seq, p('seq'))))
        .prepare(),
    ),
    payload: onFirstUse(() =>
      db
        .select(bodyColumns)
        .from(outbox)
        .where(eq(outbox.id, p('id')))
        .prepare(),
    ),
    payloads: onFirstUse(() =>
      db
        .select(bodyColumns)
        .from(outbox)
        .where(inArray(outbox.id, sql`(SELECT value FROM json_each(${p('ids')}))`))
        .prepare(),
    ),
  };
}

export class OutboxEventsRepository {
  private readonly q: ReturnType<typeof prepare>;

  constructor(db: Db) {
    this.q = prepare(db);
  }

  /** Whether any event waits to be fanned out (no transaction needed to see that nothing is new). */
  anyToFanOut(): boolean {
    return this.q.any().get() !== undefined;
  }

  /** The oldest events not yet fanned out. */
  toFanOut(limit: number): EventToFanOut[] {
    return this.q.next().all({ limit });
  }

  /** Marks every event not yet fanned out up to `seq` (the last of the batch read) as fanned out. */
  markFannedOut(throughSeq: number, now: number): void {
    this.q.markThrough().run({ seq: throughSeq, now });
  }

  /** The event's body: the exact bytes every attempt sends. */
  payload(eventId: string): string | undefined {
    const row = this.q.payload().get({ id: eventId });
    return row && (bodyOf(row) ?? undefined);
  }

  /** The stored bodies of these events, by id; one whose data cannot be read is not there. */
  payloads(eventIds: string[]): Map<string, string> {
    const bodies = new Map<string, string>();
    if (eventIds.length === 0) return bodies;
    for (const row of this.q.payloads().all({ ids: JSON.stringify([...new Set(eventIds)]) })) {
      const body = readableBodyOf(row);
      if (body !== null) bodies.set(row.bodyId, body);
    }
    return bodies;
  }

  /**
   * The seq of a feed event (not a test event) of one of `types` by id; undefined when there is
   * none (never stored, pruned, or of another type): one statement answers every case alike.
   */
  feedSeq(eventId: string, types: readonly string[]): number | undefined {
    return this.q.feedSeq().get({ id: eventId, types: JSON.stringify(types) })?.seq;
  }

  /** Up to `limit` feed events in seq order, as stored: `{ seq, id, payload }` (null: its data cannot be read). */
  feed(query: FeedQuery): { seq: number; id: string; payload: string | null }[] {
    if (query.types.length === 0) return [];
    const statement = query.order === 'asc' ? this.q.feedAsc() : this.q.feedDesc();
    const after = query.afterSeq ?? (query.order === 'asc' ? 0 : Number.MAX_SAFE_INTEGER);
    return statement
      .all({ after, types: JSON.stringify(query.types), limit: query.limit })
      .map((row) => ({ seq: row.seq, id: row.bodyId, payload: readableBodyOf(row) }));
  }
}
