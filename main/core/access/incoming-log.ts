/**
 * Every incoming API call, accepted or rejected, with the reason of a
 * rejection. Newest first; the cursor is the last id of a page.
 *
 * The server queues its calls (`enqueue`); the unit of work's end-of-turn
 * flush writes them (in the same transaction as that turn's grouped changes):
 * one commit per call cost as much as a third of the call.
 * Reading, pruning and `flush` (the core calls `close` at the end) write the
 * queue first, so nothing queued is ever missing from what is read.
 *
 * Strangers cannot fill the disk: refused calls without a valid key are
 * limited per address (`refused-calls.ts`), paths and reasons are cut to
 * `MAX_TEXT` characters, and each write keeps at most `incomingLogMaxRows`
 * rows, the oldest (lowest rowid, the order they were written) going first.
 */
import type { z } from 'zod';
import type { incomingCall, incomingLogInput } from '../../../contract/index.js';
import { toIso, type Clock } from '../clock.js';
import { newId } from '../ids.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { IncomingCallRow, IncomingLogTable } from '../store/repositories/incoming-log.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import type { IncomingCallEntry } from './incoming-call.js';
import { RefusedCalls } from './refused-calls.js';
import { codedFields } from '../../../contract/reasons.js';

export type { IncomingCallEntry } from './incoming-call.js';

export type IncomingCall = z.output<typeof incomingCall>;
export type IncomingLogQuery = z.output<typeof incomingLogInput>;

const DEFAULT_LIMIT = 50;
const DAY_MS = 24 * 60 * 60_000;
/** Calls older than `logRetentionDays` are removed on the first call and then every this many. */
const PRUNE_EVERY = 1000;
/** Paths and reasons are stored up to this many characters, the cut marked with "…". */
export const MAX_TEXT = 200;

export interface IncomingLogDeps {
  work: Pick<UnitOfWork, 'transaction' | 'requestFlush' | 'addWriter'>;
  clock: Clock;
  settings: Pick<SettingsStore, 'get'>;
  rows: IncomingLogTable;
}

export class IncomingLog {
  private readonly refused = new RefusedCalls();
  private recorded = 0;
  private pending: Row[] = [];
  private readonly removeWriter: () => void;

  constructor(private readonly ctx: IncomingLogDeps) {
    this.removeWriter = ctx.work.addWriter(this.turnWriter);
  }

  /** The rows and the trim in one transaction (or the end-of-turn flush's, which it joins). */
  private writeAll(rows: Row[]): void {
    this.ctx.work.transaction(() => {
      for (const row of rows) this.write(row);
      this.ctx.rows.trim(this.ctx.settings.get().incomingLogMaxRows);
    });
  }

  /** Writes the call at once. */
  record(entry: IncomingCallEntry): IncomingCall {
    this.flush();
    const row = toRow(entry);
    this.writeAll([row]);
    return toCall(row);
  }

  /**
   * Queues a call refused without a valid key: logged one by one up to
   * `rateLimits.refusedPerMinute` from its address in any rolling minute,
   * beyond that counted into one summary row.
   */
  enqueueRefused(entry: IncomingCallEntry): void {
    for (const row of this.refused.admit(entry, this.refusedLimit())) this.enqueue(row);
  }

  /** Queues the call (its id and order fixed now), written at the end of this event-loop turn. */
  enqueue(entry: IncomingCallEntry): void {
    this.pending.push(toRow(entry));
    this.ctx.work.requestFlush();
  }

  /** The end-of-turn flush writes the queue; a failed write loses these calls' lines only. */
  private readonly turnWriter = {
    pending: (): boolean => {
      this.takeDueSummaries();
      return this.pending.length > 0;
    },
    write: (): void => this.flush(),
  };

  private takeDueSummaries(): void {
    for (const row of this.refused.due(this.ctx.clock.now(), this.refusedLimit()))
      this.pending.push(toRow(row));
  }

  /** Writes the queued calls, and the summaries of refused calls whose minute has ended, in one transaction. */
  flush(): void {
    this.takeDueSummaries();
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

  /** For closing: every summary still counting is written too, then the queue (`flushOrDrop`). */
  close(): void {
    const now = this.ctx.clock.now();
    for (const row of this.refused.due(now, this.refusedLimit(), true)) this.pending.push(toRow(row));
    this.flushOrDrop();
    this.removeWriter();
  }

  private refusedLimit(): number {
    return this.ctx.settings.get().rateLimits.refusedPerMinute;
  }

  private write(row: Row): void {
    this.ctx.rows.insert(row);
    if (++this.recorded % PRUNE_EVERY === 1)
      this.prune(row.at - this.ctx.settings.get().logRetentionDays * DAY_MS);
  }

  list(query: IncomingLogQuery = {}): { items: IncomingCall[]; nextCursor?: string } {
    this.flush();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = this.ctx.rows.list({
      keyId: query.keyId,
      rejectedOnly: query.rejectedOnly,
      cursor: query.cursor,
      limit: limit + 1,
    });
    const items = rows.slice(0, limit).map(toCall);
    return rows.length > limit ? { items, nextCursor: items[items.length - 1].id } : { items };
  }

  /** Removes calls older than `beforeMs` (log retention); returns how many. */
  prune(beforeMs: number): number {
    this.flush();
    return this.ctx.rows.prune(beforeMs);
  }
}

type Row = IncomingCallRow;

function toRow(entry: IncomingCallEntry): Row {
  return {
    id: newId('incomingCall', entry.at),
    ...entry,
    path: cut(entry.path),
    reason: entry.reason === null ? null : cut(entry.reason),
    durationMs: Math.max(0, Math.round(entry.durationMs)),
  };
}

/** At most `MAX_TEXT` characters, ending with "…" when cut (never half of a surrogate pair). */
export function cut(text: string): string {
  if (text.length <= MAX_TEXT) return text;
  let end = MAX_TEXT - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
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
    ...codedFields('reason', row.reason),
    durationMs: row.durationMs,
  };
}
