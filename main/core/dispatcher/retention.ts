/**
 * Log retention: what is finished and older than `logRetentionDays` goes, and
 * nothing that is still to be sent.
 *
 * - A delivery goes when it is finished (success, failed, skipped) and its last
 *   change is past retention, so one held by the pause, the outgoing rate limit
 *   or a long retry schedule is kept, and one sent late stays in the log as long
 *   as any other. Its attempts go with it (the foreign key's cascade).
 * - An outbox event goes when it is past retention, was fanned out, and no
 *   delivery refers to it any more (every unfinished delivery still does).
 *
 * Both walk the `created_at` index in small batches, one transaction each, with a
 * pause between them, so the database is never locked for long. The walk is a
 * keyset on (created_at, rowid): rows kept (held deliveries, needed events) are
 * read once per run, not again by every batch after them. Run at start and then
 * hourly.
 */
import type { CoreContext, Startable } from '../context.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface RetentionOptions {
  batchSize?: number;
  intervalMs?: number;
}

/** The walk's parameters: the cutoff, the last row read (created_at, rowid), the batch size. */
interface Bounds {
  cutoff: number;
  c: number;
  r: number;
  limit: number;
}

interface Candidate {
  r: number;
  c: number;
  /** 1 when the row may go. */
  done: number;
}

export class LogRetention implements Startable {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private readonly batchSize: number;
  private readonly intervalMs: number;

  constructor(
    private readonly ctx: CoreContext,
    options: RetentionOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.intervalMs = options.intervalMs ?? HOUR_MS;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.prune().finally(() => this.schedule(this.intervalMs));
    }, delay);
    this.timer.unref();
  }

  /** Prunes everything finished past retention, batch by batch; resolves with how many deliveries and events went. */
  async prune(): Promise<{ deliveries: number; events: number }> {
    const { sqlite } = this.ctx;
    const cutoff = this.ctx.clock.now() - this.ctx.settings.get().logRetentionDays * DAY_MS;
    const deliveries = await this.walk(
      sqlite.prepare<[Bounds], Candidate>(
        `SELECT rowid AS r, created_at AS c,
           status IN ('success', 'failed', 'skipped') AND updated_at < @cutoff AS done
         FROM deliveries WHERE (created_at, rowid) > (@c, @r) AND created_at < @cutoff
         ORDER BY created_at, rowid LIMIT @limit`,
      ),
      sqlite.prepare<[number]>('DELETE FROM deliveries WHERE rowid = ?'),
      cutoff,
    );
    const events = await this.walk(
      sqlite.prepare<[Bounds], Candidate>(
        `SELECT o.seq AS r, o.created_at AS c,
           o.fanned_out_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = o.id) AS done
         FROM outbox o WHERE (o.created_at, o.seq) > (@c, @r) AND o.created_at < @cutoff
         ORDER BY o.created_at, o.seq LIMIT @limit`,
      ),
      sqlite.prepare<[number]>('DELETE FROM outbox WHERE seq = ?'),
      cutoff,
    );
    return { deliveries, events };
  }

  /** Reads the rows older than `cutoff` a batch at a time and deletes those marked done; returns how many went. */
  private async walk(
    scan: { all(bounds: Bounds): Candidate[] },
    remove: { run(rowid: number): unknown },
    cutoff: number,
  ): Promise<number> {
    let after = { c: Number.MIN_SAFE_INTEGER, r: 0 };
    let removed = 0;
    for (;;) {
      if (!this.ctx.sqlite.open) return removed;
      const batch = this.ctx.sqlite.transaction(() => {
        const rows = scan.all({ cutoff, c: after.c, r: after.r, limit: this.batchSize });
        for (const row of rows) {
          if (row.done !== 1) continue;
          remove.run(row.r);
          removed++;
        }
        return rows;
      })();
      if (batch.length < this.batchSize) return removed;
      after = batch[batch.length - 1];
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
