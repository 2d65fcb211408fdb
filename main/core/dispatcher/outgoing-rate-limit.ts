/**
 * The outgoing limit: at most `outgoingPerHour` attempts per webhook in any
 * rolling hour. The window of recent send times is kept in memory, seeded
 * from the attempts table the first time a webhook is seen, so a restart does
 * not reset it. The excess is never dropped: `admit` moves it (`defer`) to the
 * time a slot frees, each row once. A receiver's `Retry-After` on a throttling
 * answer (`retry-policy.ts`) slows its whole webhook down the same way
 * (`slowDown`): kept in memory, so after a restart the next throttling answer
 * sets it again (the throttled delivery itself waits in its row).
 */
import type { DeliveriesRepository } from '../store/repositories/deliveries.js';
import type { UnitOfWork } from '../store/unit-of-work.js';

const HOUR_MS = 3_600_000;

/** What the limit needs: the recent send times, the rows it moves, a transaction, and what is in flight (left alone). */
export interface RateLimitDeps {
  /** A webhook's attempt start times since `sinceMs`, oldest first (a restart keeps the window). */
  loadRecent(webhookId: string, sinceMs: number): number[];
  deliveries: Pick<DeliveriesRepository, 'dueIds' | 'moveTo'>;
  work: UnitOfWork;
  inFlight: { readonly size: number; has(deliveryId: string): boolean };
}

export class OutgoingRateLimit {
  private readonly windows = new Map<string, number[]>();
  /** Until when a receiver asked (`Retry-After` on 429/502/503/504) that its webhook send nothing. */
  private readonly slowed = new Map<string, number>();

  constructor(private readonly deps: RateLimitDeps) {}

  /**
   * Whether this webhook may send one more now: if so its slot is taken; if not, every
   * delivery of it due now is moved to when a slot frees for it, and false is returned.
   */
  admit(webhookId: string, now: number, limit: number): boolean {
    const until = this.slowed.get(webhookId);
    if (until !== undefined && until > now) {
      this.moveDue(webhookId, now, () => until);
      return false;
    }
    this.slowed.delete(webhookId);
    if (this.nextSlot(webhookId, now, limit) > now) {
      this.defer(webhookId, now, limit);
      return false;
    }
    this.take(webhookId, now, limit);
    return true;
  }

  private window(webhookId: string, now: number): number[] {
    let times = this.windows.get(webhookId);
    if (!times) {
      times = this.deps.loadRecent(webhookId, now - HOUR_MS);
      this.windows.set(webhookId, times);
    }
    let expired = 0;
    while (expired < times.length && times[expired] <= now - HOUR_MS) expired++;
    if (expired > 0) times.splice(0, expired);
    return times;
  }

  /** When this webhook may send next: `now` if a slot is free, else when enough sends have left the hour. */
  nextSlot(webhookId: string, now: number, limit: number): number {
    if (limit <= 0) return now;
    const times = this.window(webhookId, now);
    if (times.length < limit) return now;
    return times[times.length - limit] + HOUR_MS;
  }

  /**
   * When the k-th delivery waiting now (0-based) may go, if every slot that
   * frees is used by those waiting: slot k frees when the k-th oldest send in
   * the window leaves the hour, and every `limit` of them an hour later again.
   */
  planner(webhookId: string, now: number, limit: number): (k: number) => number {
    const times = [...this.window(webhookId, now)];
    const oldest = times.length - limit;
    return (k) => times[Math.max(0, oldest) + (k % limit)] + HOUR_MS * (1 + Math.floor(k / limit));
  }

  take(webhookId: string, now: number, limit: number): void {
    if (limit <= 0) return;
    const times = this.window(webhookId, now);
    times.push(now);
    // Only the latest `limit` sends can ever matter.
    if (times.length > limit) times.splice(0, times.length - limit);
  }

  /**
   * The receiver asked to wait until `until`: the webhook's other deliveries wait with it (moved
   * when next due, so the log shows when they go), rather than each burning a retry on the same answer.
   */
  slowDown(webhookId: string, until: number): void {
    this.slowed.set(webhookId, Math.max(until, this.slowed.get(webhookId) ?? 0));
  }

  /**
   * This webhook's due deliveries wait, never dropped. The k-th in line (oldest
   * first) gets the time a slot frees for it, so each row is moved once rather
   * than all of them again whenever one slot frees.
   */
  private defer(webhookId: string, now: number, limit: number): void {
    const slotFor = this.planner(webhookId, now, limit);
    let moved = 0;
    this.moveDue(webhookId, now, () => Math.max(slotFor(moved++), now + 1));
  }

  /** Every delivery of this webhook due now and not in flight to the time `at` gives it, oldest first. */
  private moveDue(webhookId: string, now: number, at: () => number): void {
    const { deliveries, inFlight, work } = this.deps;
    for (;;) {
      const ids = deliveries.dueIds(webhookId, now, 1000 + inFlight.size).filter((id) => !inFlight.has(id));
      if (ids.length === 0) return;
      work.transaction(() => {
        for (const id of ids) deliveries.moveTo(id, at(), now);
      });
    }
  }

  forget(webhookId: string): void {
    this.windows.delete(webhookId);
  }
}
