/**
 * The `incoming_log` table: the insert every API call makes, the trim to the
 * newest rows (rows are written in order, so the lowest rowids are the
 * oldest: one indexed range, no count), the retention prune, and the list,
 * newest first, its eight filter variants (key, rejected only, cursor)
 * prepared once.
 */
import { and, desc, eq, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { incomingLog } from '../schema.js';
import { onFirstUse } from './prepared.js';

export type IncomingCallRow = typeof incomingLog.$inferSelect;

export interface IncomingLogFilter {
  keyId?: string;
  rejectedOnly?: boolean;
  cursor?: string;
  limit: number;
}

export interface IncomingLogTable {
  insert(row: IncomingCallRow): void;
  /** Keeps only the newest `keep` rows. */
  trim(keep: number): void;
  /** Removes the calls before `beforeMs`; returns how many. */
  prune(beforeMs: number): number;
  /** Newest first, at most `limit` rows. */
  list(filter: IncomingLogFilter): IncomingCallRow[];
}

interface Prepared {
  all(values: Record<string, unknown>): IncomingCallRow[];
}

export class SqliteIncomingLogTable implements IncomingLogTable {
  private readonly insertOne;
  private readonly trimTo;
  private readonly pruneBefore;
  /** Indexed by (keyId ? 1 : 0) + (rejectedOnly ? 2 : 0) + (cursor ? 4 : 0). */
  private readonly lists: (() => Prepared)[] = [];

  constructor(db: Db) {
    const p = (name: string) => sql.placeholder(name);
    this.insertOne = onFirstUse(() =>
      db
        .insert(incomingLog)
        .values({
          id: p('id'),
          at: p('at'),
          method: p('method'),
          path: p('path'),
          keyId: p('keyId'),
          ip: p('ip'),
          status: p('status'),
          errorCode: p('errorCode'),
          reason: p('reason'),
          durationMs: p('durationMs'),
        })
        .prepare(),
    );
    this.trimTo = onFirstUse(() =>
      db
        .delete(incomingLog)
        .where(sql`rowid <= (SELECT max(rowid) FROM ${incomingLog}) - ${p('keep')}`)
        .prepare(),
    );
    this.pruneBefore = onFirstUse(() =>
      db
        .delete(incomingLog)
        .where(lt(incomingLog.at, p('before')))
        .prepare(),
    );
    for (let variant = 0; variant < 8; variant++) {
      this.lists.push(
        onFirstUse(() =>
          db
            .select()
            .from(incomingLog)
            .where(
              and(
                variant & 1 ? eq(incomingLog.keyId, p('keyId')) : undefined,
                variant & 2 ? isNotNull(incomingLog.errorCode) : undefined,
                variant & 4 ? lt(incomingLog.id, p('cursor')) : undefined,
              ),
            )
            .orderBy(desc(incomingLog.id))
            .limit(p('limit'))
            .prepare(),
        ),
      );
    }
  }

  insert(row: IncomingCallRow): void {
    this.insertOne().run(row);
  }

  trim(keep: number): void {
    this.trimTo().run({ keep });
  }

  prune(beforeMs: number): number {
    return this.pruneBefore().run({ before: beforeMs }).changes;
  }

  list(filter: IncomingLogFilter): IncomingCallRow[] {
    const variant = (filter.keyId ? 1 : 0) + (filter.rejectedOnly ? 2 : 0) + (filter.cursor ? 4 : 0);
    return this.lists[variant]().all(filter as unknown as Record<string, unknown>);
  }
}
