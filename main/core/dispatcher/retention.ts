/**
 * Log retention: deliveries older than `logRetentionDays` go (their attempts
 * with them, by the foreign key's cascade), then the outbox events no
 * delivery refers to any more. Small batches, with a pause between them, so
 * the database is never locked for long; run at start and then hourly.
 */
import type { CoreContext, Startable } from '../core.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface RetentionOptions {
  batchSize?: number;
  intervalMs?: number;
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

  /** Prunes everything past retention, batch by batch; resolves with how many deliveries and events went. */
  async prune(): Promise<{ deliveries: number; events: number }> {
    const cutoff = this.ctx.clock.now() - this.ctx.settings.get().logRetentionDays * DAY_MS;
    const deleteDeliveries = this.ctx.sqlite.prepare(
      `DELETE FROM deliveries WHERE id IN (
         SELECT id FROM deliveries WHERE created_at < ? ORDER BY created_at LIMIT ?)`,
    );
    const deleteEvents = this.ctx.sqlite.prepare(
      `DELETE FROM outbox WHERE seq IN (
         SELECT o.seq FROM outbox o WHERE o.fanned_out_at IS NOT NULL AND o.created_at < ?
           AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = o.id)
         ORDER BY o.created_at LIMIT ?)`,
    );
    const total = { deliveries: 0, events: 0 };
    for (const [statement, key] of [
      [deleteDeliveries, 'deliveries'],
      [deleteEvents, 'events'],
    ] as const) {
      for (;;) {
        if (!this.ctx.sqlite.open) return total;
        const changes = statement.run(cutoff, this.batchSize).changes;
        total[key] += changes;
        if (changes < this.batchSize) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    return total;
  }
}
