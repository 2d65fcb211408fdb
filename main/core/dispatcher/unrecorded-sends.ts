/**
 * Deliveries that were sent but whose attempt could not be recorded, for a
 * reason that is not a storage fault (a bug, an SQL error other than a full
 * disk): "stuck". Nothing could write their outcome, so each stays due in its
 * row (never lost, at least once); but a record step that never heals must not
 * re-send it every few seconds for ever, unseen.
 *
 * So each one is held here, in memory: once for the storage back-off (a fault
 * that passes costs 5 s, as before), then on the retry schedule's steps (the
 * owner's 1 min, 5 min, 30 min, 2 h), counted from its unrecorded sends, the
 * last step repeated: unlike a failed answer, it can never end `failed`, since
 * recording that is what fails. Svix and Stripe do the same with a send they
 * cannot account for: retry on the schedule, and show it. `dispatch.status`
 * (the window's webhook cards, the tray) lists them with their error. The first
 * attempt that records clears it. After a restart the memory is empty: the
 * delivery is sent once more, and held again if recording still fails.
 *
 * The whole loop still waits the storage back-off after each such failure
 * (`storage-backoff.ts`), so a record step that fails for every delivery sends
 * at most a round every 5 s, each delivery then held on its own schedule.
 */
import { toIso } from '../clock.js';
import type { DueDelivery } from '../store/repositories/deliveries.js';
import { STORAGE_FAULT_BACKOFF_MS } from './storage-backoff.js';

/** How many stuck deliveries `dispatch.status` names (the oldest); `stuckCount` counts them all. */
export const STUCK_SHOWN = 10;

export interface StuckDelivery {
  deliveryId: string;
  webhookId: string;
  webhookName: string;
  /** What the record step threw. */
  error: string;
  /** When the first unrecorded send was made. */
  since: string;
  /** Sends made whose outcome could not be recorded. */
  sends: number;
  /** When it is sent again. */
  nextSendAt: string;
}

interface Held {
  webhookId: string;
  webhookName: string;
  error: string;
  since: number;
  sends: number;
  until: number;
}

export class UnrecordedSends {
  private readonly held = new Map<string, Held>();
  /** How many are held per webhook (a round asks for each webhook). */
  private readonly perWebhook = new Map<string, number>();

  /** `delivery` was sent at `now` and its attempt could not be recorded: held until the schedule's next step. */
  add(
    delivery: Pick<DueDelivery, 'id' | 'webhookId'>,
    webhookName: string,
    err: unknown,
    now: number,
    scheduleSeconds: readonly number[],
  ): void {
    const earlier = this.held.get(delivery.id);
    if (!earlier) this.perWebhook.set(delivery.webhookId, (this.perWebhook.get(delivery.webhookId) ?? 0) + 1);
    const sends = (earlier?.sends ?? 0) + 1;
    const steps = scheduleSeconds.length > 0 ? scheduleSeconds : [60];
    const wait = sends === 1 ? STORAGE_FAULT_BACKOFF_MS : steps[Math.min(sends - 1, steps.length) - 1] * 1000;
    this.held.set(delivery.id, {
      webhookId: delivery.webhookId,
      webhookName,
      error: err instanceof Error ? err.message : String(err),
      since: earlier?.since ?? now,
      sends,
      until: now + wait,
    });
  }

  /** Its attempt was recorded: no longer stuck. */
  recorded(deliveryId: string): void {
    if (this.held.size > 0) this.forget(deliveryId);
  }

  private forget(deliveryId: string): void {
    const held = this.held.get(deliveryId);
    if (!held) return;
    this.held.delete(deliveryId);
    const left = (this.perWebhook.get(held.webhookId) ?? 1) - 1;
    if (left > 0) this.perWebhook.set(held.webhookId, left);
    else this.perWebhook.delete(held.webhookId);
  }

  /** Whether `deliveryId` waits at `now` (the due query still returns it: its row is due). */
  holds(deliveryId: string, now: number): boolean {
    if (this.held.size === 0) return false;
    const held = this.held.get(deliveryId);
    return held !== undefined && held.until > now;
  }

  /** How many of a webhook's deliveries are held (a pick reads that many more). */
  heldOf(webhookId: string): number {
    return this.held.size === 0 ? 0 : (this.perWebhook.get(webhookId) ?? 0);
  }

  /** The earliest time a held delivery is sent again after `now`, for the loop's one timer. */
  earliestAfter(now: number): number | null {
    let earliest: number | null = null;
    for (const { until } of this.held.values()) {
      if (until > now && (earliest === null || until < earliest)) earliest = until;
    }
    return earliest;
  }

  /**
   * The status's view, oldest first; `waiting(ids)` says which are still waiting in their rows
   * (a delivery skipped or deleted meanwhile is forgotten).
   */
  status(waiting: (id: string) => boolean): { stuckCount?: number; stuck?: StuckDelivery[] } {
    for (const id of [...this.held.keys()]) if (!waiting(id)) this.forget(id);
    if (this.held.size === 0) return {};
    const stuck = [...this.held]
      .sort(([, a], [, b]) => a.since - b.since)
      .slice(0, STUCK_SHOWN)
      .map(([deliveryId, held]) => ({
        deliveryId,
        webhookId: held.webhookId,
        webhookName: held.webhookName,
        error: held.error,
        since: toIso(held.since),
        sends: held.sends,
        nextSendAt: toIso(held.until),
      }));
    return { stuckCount: this.held.size, stuck };
  }
}
