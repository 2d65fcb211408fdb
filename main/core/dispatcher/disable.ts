/**
 * Disabling a webhook, the one way: the owner's switch, a receiver's 410 Gone,
 * and a key revoked or disabled (its REST-hook subscriptions) all call
 * `disable(webhookId, reason)`. It stops deliveries at once: what was waiting
 * is marked `skipped` with the reason (replayable), and the fan-out skips
 * every later event until the webhook is enabled again. Runs in the caller's
 * transaction when there is one (it joins it), else in its own.
 */
import type { Clock } from '../clock.js';
import type { DeliveriesRepository } from '../store/repositories/deliveries.js';
import type { WebhooksRepository } from '../store/repositories/webhooks.js';
import type { UnitOfWork } from '../store/unit-of-work.js';

/** What a skipped delivery says when the owner disabled its webhook without a reason. */
export const DISABLED_BY_OWNER = 'the webhook was disabled';

export class WebhookDisabler {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly work: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /**
   * Disables the webhook with `reason` (null: the owner's switch, no reason shown) and skips
   * what it had waiting. False when there is no such webhook.
   */
  disable(webhookId: string, reason: string | null, now = this.clock.now()): boolean {
    return this.work.transaction(() => {
      if (!this.webhooks.setEnabled(webhookId, false, reason, now)) return false;
      this.deliveries.skipWaiting(webhookId, now, reason ?? DISABLED_BY_OWNER);
      return true;
    });
  }
}
