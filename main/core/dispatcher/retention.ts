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
 * Both walk in creation order (deliveries by id, which sorts by creation time;
 * events by `created_at`) in batches, each its own short transaction:
 * at most `batchSize` rows, and a batch ends early once it has spent
 * `batchBudgetMs` (each delete updates a dozen indexes and takes its attempts
 * with it; on a large, cold file 500 of them took 90 ms). Between batches the
 * walk pauses as long as the batch took (at least 1 ms), a real timer rather
 * than a setImmediate, so the creates, the group commit and the dispatcher get
 * several turns of the event loop in between: a create waits at most about one
 * batch. A crash loses at most the batch in progress (each batch is committed);
 * the next run walks again from the start. The walk is a keyset (a delivery's id,
 * an event's (created_at, seq)): rows kept (held deliveries, needed events)
 * are read once per run, not again by every batch after them. Run at start and
 * then hourly; a run that fails (a full disk) is tried again at the next hour.
 */
import type { Clock } from '../clock.js';
import type { Startable } from '../context.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { OutgoingStore } from '../store/outgoing-store.js';
import { FIRST_DELIVERY, FIRST_EVENT, type Candidate, type Walk } from '../store/repositories/retention.js';
import type { UnitOfWork } from '../store/unit-of-work.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const SCAN_CHUNK = 50;

export interface RetentionOptions {
  /** At most this many rows read (and deleted) per batch. */
  batchSize?: number;
  /** A batch ends once it has taken this long, committing what it did. */
  batchBudgetMs?: number;
  intervalMs?: number;
  /**
   * Elapsed time for the batch budget and the pause (performance.now): how long
   * the work takes, not what "a day" is, which is the injected clock's.
   */
  stopwatch?: () => number;
  /** Where a failed run is reported (`CoreOptions.log`). */
  log?: (line: string) => void;
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
  private readonly batchBudgetMs: number;
  private readonly intervalMs: number;
  private readonly stopwatch: () => number;
  private readonly log: (line: string) => void;

  constructor(
    private readonly deps: RetentionDeps,
    options: RetentionOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.batchBudgetMs = options.batchBudgetMs ?? 10;
    this.intervalMs = options.intervalMs ?? HOUR_MS;
    this.stopwatch = options.stopwatch ?? (() => performance.now());
    this.log = options.log ?? ((line) => console.warn(line));
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
      this.running = this.prune()
        .catch((err: unknown) => {
          // What was deleted stays deleted; the rest goes at the next run.
          if (this.deps.store.isOpen())
            this.log(
              `dVersum: log retention stopped early and tries again at its next run: ${(err as Error).message}`,
            );
        })
        .finally(() => this.schedule(this.intervalMs));
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
      FIRST_DELIVERY,
    );
    const events = await this.walk(
      (walk) => store.retention.eventsAfter(walk),
      (position) => store.retention.deleteEvent(position),
      cutoff,
      FIRST_EVENT,
    );
    return { deliveries, events };
  }

  /**
   * Reads the rows older than `cutoff` a batch at a time and deletes those marked
   * done, each batch ending at `batchSize` rows or `batchBudgetMs`; returns how many went.
   */
  private async walk<K>(
    scan: (walk: Walk<K>) => Candidate<K>[],
    remove: (position: number) => void,
    cutoff: number,
    first: K,
  ): Promise<number> {
    let after = first;
    let removed = 0;
    for (;;) {
      if (!this.deps.store.isOpen()) return removed;
      const started = this.stopwatch();
      const batch = this.deps.work.transaction(() => {
        let last = after;
        let seen = 0;
        let went = 0;
        // Read in small chunks, so a batch that ends on its budget has not read rows it leaves.
        while (seen < this.batchSize) {
          const limit = Math.min(SCAN_CHUNK, this.batchSize - seen);
          const rows = scan({ cutoff, after: last, limit });
          for (const row of rows) {
            seen++;
            last = row.key;
            if (row.done) {
              remove(row.position);
              went++;
            }
            // At least one row per batch, so a slow machine still moves on.
            if (this.stopwatch() - started >= this.batchBudgetMs) return { last, went, exhausted: false };
          }
          if (rows.length < limit) return { last, went, exhausted: true };
        }
        return { last, went, exhausted: false };
      });
      removed += batch.went;
      if (batch.exhausted) return removed;
      after = batch.last;
      const took = this.stopwatch() - started;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, took)));
    }
  }
}
