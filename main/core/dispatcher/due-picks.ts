/**
 * The due deliveries the loop picked ahead, per webhook. A round that only
 * refills slots freed by a commit takes the next ones from here instead of
 * asking the store again (a pick is a query with its payloads: most of a
 * round's own cost when four are in flight). A delivery stays due in its row
 * while picked: nothing here is the truth, only what to send next.
 *
 * A read that found fewer than it asked for saw all that was due: the rounds
 * after it read nothing until the picks are dropped (nothing becomes due
 * without a wake or the timer).
 *
 * Whatever may have changed what is due drops the picks: every wake and
 * timer (new deliveries, redeliver, replay, retries come due, a pause lifted),
 * the rate limit moving a webhook's deliveries, a storage fault; and a change
 * of the webhook's row (a disable skips what it had waiting), seen by its
 * `updatedAt`: a pick is kept only when made after the row's last change (a
 * change in the same millisecond could not be told apart), and only while the
 * row and the clock have not moved back.
 */
import type { DeliveriesRepository, DueDelivery } from '../store/repositories/deliveries.js';
import type { WebhookRow } from '../store/repositories/webhooks.js';

/** How many due deliveries one pick reads ahead for a webhook. */
export const PICK_AHEAD = 32;

interface Picked {
  queue: DueDelivery[];
  /** The read found every delivery of the webhook due then: nothing more is due until a wake or timer. */
  exhausted: boolean;
  at: number;
  updatedAt: number;
  enabled: boolean;
}

export class DuePicks {
  private readonly picked = new Map<string, Picked>();

  constructor(private readonly deliveries: Pick<DeliveriesRepository, 'due'>) {}

  /** Forgets every pick: the next round reads the store again. */
  clear(): void {
    this.picked.clear();
  }

  /** Forgets one webhook's pick. */
  drop(webhookId: string): void {
    this.picked.delete(webhookId);
  }

  /**
   * Up to `free` of the webhook's deliveries due at `now`, oldest first, none of them in flight
   * (`busy` of its deliveries are). Read from the store when what was picked ahead runs short or
   * may be stale.
   */
  take(
    hook: Pick<WebhookRow, 'id' | 'updatedAt' | 'enabled'>,
    now: number,
    free: number,
    busy: number,
    inFlight: (id: string) => boolean,
  ): DueDelivery[] {
    const pick = this.picked.get(hook.id);
    if (
      pick &&
      (pick.queue.length >= free || pick.exhausted) &&
      pick.updatedAt === hook.updatedAt &&
      pick.enabled === hook.enabled &&
      now >= pick.at
    ) {
      return pick.queue.splice(0, free);
    }
    const limit = Math.max(PICK_AHEAD, free) + busy;
    const rows = this.deliveries.due(hook.id, now, limit);
    const queue = rows.filter((delivery) => !inFlight(delivery.id));
    const taken = queue.splice(0, free);
    // Fewer than asked for: all that is due was read, and the rounds that refill slots need not ask again.
    const exhausted = rows.length < limit;
    if (now > hook.updatedAt && (queue.length > 0 || exhausted)) {
      this.picked.set(hook.id, {
        queue,
        exhausted,
        at: now,
        updatedAt: hook.updatedAt,
        enabled: hook.enabled,
      });
    } else {
      this.picked.delete(hook.id);
    }
    return taken;
  }
}
