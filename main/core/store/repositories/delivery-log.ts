/**
 * The webhook log's reads: pages of deliveries by filter and cursor (newest
 * first), what a replay sends again, and the per-day chart.
 *
 * Ids sort by creation time, so a time range is an id range: the indexes on
 * (webhook_id, id), (event_type, id) and, for the statuses other than
 * `success` (partial), (status, id) and (webhook_id, status, id) keep every
 * page a short index walk even with a million rows (`success`, nine in ten,
 * walks the id order). A page's
 * filters are any of six, so its statement is prepared per combination the
 * first time that combination is asked for, and kept (at most 2^6 + the
 * `error` variants: a few in practice).
 */
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../database.js';
import { deliveries, outbox } from '../schema.js';
import { p } from './params.js';
import { onFirstUse } from './prepared.js';
import type { DeliveryRow } from './deliveries.js';

/** The log's filters, with the time range already turned into delivery ids. */
export interface LogQuery {
  webhookId?: string;
  eventType?: string;
  /** A stored status, or `error` for retrying or failed. */
  status?: string;
  /** Ids at or after this one (created at or after `from`). */
  fromId?: string;
  /** Ids before this one (created after `to`). */
  toId?: string;
  /** Ids before this one (the page before ended here). */
  cursor?: string;
}

export interface ReplayCandidate {
  eventId: string;
  eventType: string;
}

export interface DayCount {
  day: string;
  status: string;
  n: number;
}

type Page = { all(values: Record<string, unknown>): DeliveryRow[] };

const NOT_SUCCESS = sql`${deliveries.status} <> 'success'`;

/** The statement's variant: `error` and `success` are their own, every other status shares one. */
const statusVariant = (status: string | undefined) =>
  status === 'error' || status === 'success' ? status : 'status';

const FILTERS: { key: keyof LogQuery; where: (status?: string) => SQL }[] = [
  { key: 'webhookId', where: () => eq(deliveries.webhookId, p('webhookId')) },
  { key: 'eventType', where: () => eq(deliveries.eventType, p('eventType')) },
  {
    key: 'status',
    // `error` is the seed's word for a delivery that did not succeed: retrying or failed. Any status
    // but `success` repeats the partial indexes' own condition, so SQLite may walk only those rows.
    where: (status) =>
      status === 'error'
        ? and(inArray(deliveries.status, ['retrying', 'failed']), NOT_SUCCESS)!
        : status === 'success'
          ? eq(deliveries.status, p('status'))
          : and(eq(deliveries.status, p('status')), NOT_SUCCESS)!,
  },
  { key: 'fromId', where: () => gte(deliveries.id, p('fromId')) },
  { key: 'toId', where: () => lt(deliveries.id, p('toId')) },
  { key: 'cursor', where: () => lt(deliveries.id, p('cursor')) },
];

function prepare(db: Db) {
  const replayable = (statuses: 'one' | 'both') =>
    db
      .select({ eventId: deliveries.eventId, eventType: deliveries.eventType })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.webhookId, p('webhookId')),
          statuses === 'one'
            ? eq(deliveries.status, p('status'))
            : inArray(deliveries.status, ['skipped', 'failed']),
          NOT_SUCCESS,
          gte(deliveries.id, p('sinceId')),
          sql`(${p('untilId')} IS NULL OR ${deliveries.id} < ${p('untilId')})`,
          sql`EXISTS (SELECT 1 FROM ${outbox} o WHERE o.id = ${deliveries.eventId})`,
          sql`NOT EXISTS (SELECT 1 FROM ${deliveries} later WHERE later.event_id = ${deliveries.eventId}
                AND later.webhook_id = ${deliveries.webhookId} AND later.id > ${deliveries.id})`,
        ),
      )
      .orderBy(deliveries.id)
      .prepare();
  return {
    replayOne: onFirstUse(() => replayable('one')),
    replayBoth: onFirstUse(() => replayable('both')),
    stats: onFirstUse(() =>
      db
        .select({
          day: sql<string>`date(${deliveries.createdAt} / 1000, 'unixepoch')`,
          status: deliveries.status,
          n: sql<number>`count(*)`,
        })
        .from(deliveries)
        // Ids sort by creation time: the id range walks only the days asked for.
        .where(
          and(
            eq(deliveries.webhookId, p('webhookId')),
            gte(deliveries.id, p('sinceId')),
            gte(deliveries.createdAt, p('since')),
          ),
        )
        .groupBy(sql`1`, deliveries.status)
        .prepare(),
    ),
  };
}

export class DeliveryLogRepository {
  private readonly pages = new Map<string, Page>();
  private readonly q: ReturnType<typeof prepare>;

  constructor(private readonly db: Db) {
    this.q = prepare(db);
  }

  /** Deliveries matching the query, newest first, at most `limit`. */
  page(query: LogQuery, limit: number): DeliveryRow[] {
    const present = FILTERS.filter((f) => query[f.key] !== undefined);
    const variant = present.map((f) => (f.key === 'status' ? statusVariant(query.status) : f.key));
    const name = variant.join(',');
    let page = this.pages.get(name);
    if (!page) {
      page = this.db
        .select()
        .from(deliveries)
        .where(and(...present.map((f) => f.where(query.status))))
        .orderBy(desc(deliveries.id))
        .limit(p('limit'))
        .prepare();
      this.pages.set(name, page);
    }
    return page.all({ ...query, limit });
  }

  /**
   * A webhook's deliveries from `sinceId` up to (not including) `untilId`, if any, in one of
   * `statuses` (skipped, failed) whose event is still stored and was not sent again after them,
   * oldest first.
   */
  replayable(
    webhookId: string,
    statuses: ('skipped' | 'failed')[],
    range: { sinceId: string; untilId: string | null },
  ): ReplayCandidate[] {
    return statuses.length === 1
      ? this.q.replayOne().all({ webhookId, status: statuses[0], ...range })
      : this.q.replayBoth().all({ webhookId, ...range });
  }

  /** Deliveries per UTC day and status of one webhook since `since` (ms; `sinceId`: the first id made then). */
  perDay(webhookId: string, since: number, sinceId: string): DayCount[] {
    return this.q.stats().all({ webhookId, since, sinceId });
  }
}
