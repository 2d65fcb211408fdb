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

/** What a skipped delivery says when the owner disabled its webhook without a reason (written only here). */
const DISABLED_BY_OWNER = 'the webhook was disabled';

/** The reason a disabled webhook's deliveries are skipped with: its own, or the owner's. */
const skipReason = (reason: string | null): string => reason ?? DISABLED_BY_OWNER;

/**
 * Why this webhook's deliveries are not sent: null while it is enabled. The fan-out
 * makes a disabled webhook's deliveries `skipped` with it, and the loop's prepare
 * stage skips with it what was waiting when the webhook was disabled.
 */
export function disabledReason(hook: { enabled: boolean; disabledReason: string | null }): string | null {
  return hook.enabled ? null : skipReason(hook.disabledReason);
}

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
      this.deliveries.skipWaiting(webhookId, now, skipReason(reason));
      return true;
    });
  }
}
