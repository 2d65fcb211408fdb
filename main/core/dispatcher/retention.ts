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
 * keyset on (created_at, the row's position in the store): rows kept (held deliveries, needed events) are
 * read once per run, not again by every batch after them. Run at start and then
 * hourly.
 */
import type { Clock } from '../clock.js';
import type { Startable } from '../context.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { OutgoingStore } from '../store/outgoing-store.js';
import type { Candidate, Walk } from '../store/repositories/retention.js';
import type { UnitOfWork } from '../store/unit-of-work.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

export interface RetentionOptions {
  batchSize?: number;
  intervalMs?: number;
}

/** What retention is built from. */
export interface RetentionDeps {
  store: Pick<OutgoingStore, 'retention' | 'isOpen'>;
  work: UnitOfWork;
  clock: Clock;
  settings: Pick<SettingsStore, 'get'>;
}

export class LogRetention implements Startable {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  private readonly batchSize: number;
  private readonly intervalMs: number;

  constructor(
    private readonly deps: RetentionDeps,
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
    const { clock, settings, store } = this.deps;
    const cutoff = clock.now() - settings.get().logRetentionDays * DAY_MS;
    const deliveries = await this.walk(
      (walk) => store.retention.deliveriesAfter(walk),
      (position) => store.retention.deleteDelivery(position),
      cutoff,
    );
    const events = await this.walk(
      (walk) => store.retention.eventsAfter(walk),
      (position) => store.retention.deleteEvent(position),
      cutoff,
    );
    return { deliveries, events };
  }

  /** Reads the rows older than `cutoff` a batch at a time and deletes those marked done; returns how many went. */
  private async walk(
    scan: (walk: Walk) => Candidate[],
    remove: (position: number) => void,
    cutoff: number,
  ): Promise<number> {
    let after = { createdAt: Number.MIN_SAFE_INTEGER, position: 0 };
    let removed = 0;
    for (;;) {
      if (!this.deps.store.isOpen()) return removed;
      const batch = this.deps.work.transaction(() => {
        const rows = scan({
          cutoff,
          createdAt: after.createdAt,
          position: after.position,
          limit: this.batchSize,
        });
        for (const row of rows) {
          if (!row.done) continue;
          remove(row.position);
          removed++;
        }
        return rows;
      });
      if (batch.length < this.batchSize) return removed;
      after = batch[batch.length - 1];
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
