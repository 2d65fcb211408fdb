/**
 * The outgoing limit: at most `outgoingPerHour` attempts per webhook in any
 * rolling hour. The window of recent send times is kept in memory, seeded
 * from the attempts table the first time a webhook is seen, so a restart does
 * not reset it. The excess is never dropped: `defer` moves it to the time a
 * slot frees.
 */
import type { DeliveriesRepository } from '../store/repositories/deliveries.js';
import type { UnitOfWork } from '../store/unit-of-work.js';

const HOUR_MS = 3_600_000;

/** What moving a webhook's due deliveries needs: their rows, a transaction, and what is in flight (left alone). */
export interface DeferDeps {
  store: { deliveries: Pick<DeliveriesRepository, 'dueIds' | 'moveTo'> };
  work: UnitOfWork;
  inFlight: { readonly size: number; has(deliveryId: string): boolean };
}

export class OutgoingRateLimit {
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly loadRecent: (webhookId: string, sinceMs: number) => number[]) {}

  private window(webhookId: string, now: number): number[] {
    let times = this.windows.get(webhookId);
    if (!times) {
      times = this.loadRecent(webhookId, now - HOUR_MS);
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
   * This webhook's due deliveries wait, never dropped. The k-th in line (oldest
   * first) gets the time a slot frees for it, so each row is moved once rather
   * than all of them again whenever one slot frees.
   */
  defer(webhookId: string, now: number, limit: number, deps: DeferDeps): void {
    const { deliveries } = deps.store;
    const slotFor = this.planner(webhookId, now, limit);
    let moved = 0;
    for (;;) {
      const ids = deliveries
        .dueIds(webhookId, now, 1000 + deps.inFlight.size)
        .filter((id) => !deps.inFlight.has(id));
      if (ids.length === 0) return;
      deps.work.transaction(() => {
        for (const id of ids) deliveries.moveTo(id, Math.max(slotFor(moved++), now + 1), now);
      });
    }
  }

  forget(webhookId: string): void {
    this.windows.delete(webhookId);
  }
}
