/**
 * Runs the overdue check at start (catching invoices that fell due while the
 * app was closed) and then on a timer re-armed every minute. Timers stop
 * while a laptop sleeps, so nothing is counted on them: each run compares the
 * due dates with the clock, and the first run after waking catches up.
 */
import type { Startable } from '../context.js';

export interface OverdueCheck {
  markOverdue(): number;
}

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
    private readonly invoices: OverdueCheck,
    options: OverdueSchedulerOptions = {},
  ) {
    this.intervalMs = Math.min(options.intervalMs ?? OVERDUE_INTERVAL_MS, OVERDUE_INTERVAL_MS);
    this.onError = options.onError ?? ((error) => console.error('overdue check failed:', error));
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

  /** One check now; returns how many invoices fell overdue (0 when the check failed). */
  runOnce(): number {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let count = 0;
    try {
      count = this.invoices.markOverdue();
    } catch (error) {
      this.onError(error);
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
