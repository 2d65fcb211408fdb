/**
 * Runs the date checks — invoices falling overdue (`invoices.markOverdue`),
 * quotes expiring (`quotes.markExpired`) — at start (catching what fell due
 * while the app was closed) and then on a timer re-armed every minute. Timers
 * stop while a laptop sleeps, so nothing is counted on them: each run
 * compares the dates with the clock, and the first run after waking catches
 * up. Each check runs on its own: one that fails does not keep the other
 * from running.
 */
import type { Startable } from '../context.js';

/** One date check: marks what is due and says how many it marked. */
export type DateCheck = () => number;

/** The core's checks, from the services that own them. */
export const dateChecks = (services: {
  invoices: { markOverdue(): number };
  quotes: { markExpired(): number };
}): DateCheck[] => [() => services.invoices.markOverdue(), () => services.quotes.markExpired()];

export interface OverdueSchedulerOptions {
  /** How often to look; at most a minute. */
  intervalMs?: number;
  /** Where a failed run is reported; the next run tries again. */
  onError?: (error: unknown) => void;
}

export const OVERDUE_INTERVAL_MS = 60_000;

export class OverdueScheduler implements Startable {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly intervalMs: number;
  private readonly onError: (error: unknown) => void;

  constructor(
    private readonly checks: readonly DateCheck[],
    options: OverdueSchedulerOptions = {},
  ) {
    this.intervalMs = Math.min(options.intervalMs ?? OVERDUE_INTERVAL_MS, OVERDUE_INTERVAL_MS);
    this.onError = options.onError ?? ((error) => console.error('date check failed:', error));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.runOnce();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Every check now; returns how many objects they marked (a failed check counts 0). */
  runOnce(): number {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let count = 0;
    for (const check of this.checks) {
      try {
        count += check();
      } catch (error) {
        this.onError(error);
      }
    }
    this.arm();
    return count;
  }

  private arm(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => this.runOnce(), this.intervalMs);
    this.timer.unref();
  }
}
