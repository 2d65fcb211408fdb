/**
 * Every incoming API call, accepted or rejected, with the reason of a
 * rejection. Newest first; the cursor is the last id of a page.
 *
 * The server queues its calls (`enqueue`) and writes them in one transaction
 * per event-loop turn: one commit per call cost as much as a third of the call.
 * Reading, pruning and `flush` (the core calls it before closing) write the
 * queue first, so nothing queued is ever missing from what is read.
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
  private readonly writeAll: (rows: Row[]) => void;
  private recorded = 0;
  private pending: Row[] = [];

  constructor(private readonly ctx: CoreContext) {
    this.insert = ctx.sqlite.prepare(
      `INSERT INTO incoming_log (id, at, method, path, key_id, ip, status, error_code, reason, duration_ms)
       VALUES (@id, @at, @method, @path, @keyId, @ip, @status, @errorCode, @reason, @durationMs)`,
    );
    this.writeAll = ctx.sqlite.transaction((rows: Row[]) => {
      for (const row of rows) this.write(row);
    });
  }

  /** Writes the call at once. */
  record(entry: IncomingCallEntry): IncomingCall {
    this.flush();
    const row = toRow(entry);
    this.write(row);
    return toCall(row);
  }

  /** Queues the call (its id and order fixed now), written at the end of this event-loop turn. */
  enqueue(entry: IncomingCallEntry): void {
    this.pending.push(toRow(entry));
    if (this.pending.length === 1) setImmediate(this.flushOrDrop);
  }

  /** Writes the queued calls in one transaction. */
  flush(): void {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    this.writeAll(rows);
  }

  /**
   * `flush` for the end of a turn and for closing: a write that fails (a full
   * disk) loses these calls' lines, as the write of a single call did, and must
   * not crash the server or stop it from closing.
   */
  readonly flushOrDrop = (): void => {
    try {
      this.flush();
    } catch {
      // The calls were answered; only their log lines are lost.
    }
  };

  private write(row: Row): void {
    this.insert.run(row);
    if (++this.recorded % PRUNE_EVERY === 1)
      this.prune(row.at - this.ctx.settings.get().logRetentionDays * DAY_MS);
  }

  list(query: IncomingLogQuery = {}): { items: IncomingCall[]; nextCursor?: string } {
    this.flush();
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
    this.flush();
    return this.ctx.db.delete(incomingLog).where(lt(incomingLog.at, beforeMs)).run().changes;
  }
}

type Row = typeof incomingLog.$inferSelect;

function toRow(entry: IncomingCallEntry): Row {
  return {
    id: newId('incomingCall', entry.at),
    ...entry,
    path: entry.path.slice(0, 2000),
    reason: entry.reason === null ? null : entry.reason.slice(0, 2000),
    durationMs: Math.max(0, Math.round(entry.durationMs)),
  };
}

function toCall(row: Row): IncomingCall {
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
