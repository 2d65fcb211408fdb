/**
 * Every incoming API call, accepted or rejected, with the reason of a
 * rejection. Newest first; the cursor is the last id of a page.
 */
import { and, desc, eq, isNotNull, lt, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { incomingCall, incomingLogInput } from '../../../contract/index.js';
import { toIso } from '../clock.js';
import type { CoreContext } from '../core.js';
import { newId } from '../ids.js';
import { incomingLog } from '../store/schema.js';

export type IncomingCall = z.output<typeof incomingCall>;
export type IncomingLogQuery = z.output<typeof incomingLogInput>;

export interface IncomingCallEntry {
  /** When the call arrived (ms). */
  at: number;
  method: string;
  path: string;
  keyId: string | null;
  ip: string;
  status: number;
  /** The error code of a rejected call, null when accepted. */
  errorCode: string | null;
  reason: string | null;
  durationMs: number;
}

const DEFAULT_LIMIT = 50;
const DAY_MS = 24 * 60 * 60_000;
/** Calls older than `logRetentionDays` are removed on the first call and then every this many. */
const PRUNE_EVERY = 1000;

export class IncomingLog {
  /** Written on every API call: one prepared statement. */
  private readonly insert;
  private recorded = 0;

  constructor(private readonly ctx: CoreContext) {
    this.insert = ctx.sqlite.prepare(
      `INSERT INTO incoming_log (id, at, method, path, key_id, ip, status, error_code, reason, duration_ms)
       VALUES (@id, @at, @method, @path, @keyId, @ip, @status, @errorCode, @reason, @durationMs)`,
    );
  }

  record(entry: IncomingCallEntry): IncomingCall {
    const row = {
      id: newId('incomingCall', entry.at),
      ...entry,
      path: entry.path.slice(0, 2000),
      reason: entry.reason === null ? null : entry.reason.slice(0, 2000),
      durationMs: Math.max(0, Math.round(entry.durationMs)),
    };
    this.insert.run(row);
    if (++this.recorded % PRUNE_EVERY === 1)
      this.prune(entry.at - this.ctx.settings.get().logRetentionDays * DAY_MS);
    return toCall(row);
  }

  list(query: IncomingLogQuery = {}): { items: IncomingCall[]; nextCursor?: string } {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const conditions: SQL[] = [];
    if (query.keyId) conditions.push(eq(incomingLog.keyId, query.keyId));
    if (query.rejectedOnly) conditions.push(isNotNull(incomingLog.errorCode));
    if (query.cursor) conditions.push(lt(incomingLog.id, query.cursor));
    const rows = this.ctx.db
      .select()
      .from(incomingLog)
      .where(conditions.length > 0 ? and(...conditions) : undefined)
      .orderBy(desc(incomingLog.id))
      .limit(limit + 1)
      .all();
    const items = rows.slice(0, limit).map(toCall);
    return rows.length > limit ? { items, nextCursor: items[items.length - 1].id } : { items };
  }

  /** Removes calls older than `beforeMs` (log retention); returns how many. */
  prune(beforeMs: number): number {
    return this.ctx.db.delete(incomingLog).where(lt(incomingLog.at, beforeMs)).run().changes;
  }
}

function toCall(row: typeof incomingLog.$inferSelect): IncomingCall {
  return {
    id: row.id,
    at: toIso(row.at),
    method: row.method,
    path: row.path,
    keyId: row.keyId,
    ip: row.ip,
    status: row.status,
    errorCode: row.errorCode,
    reason: row.reason,
    durationMs: row.durationMs,
  };
}
