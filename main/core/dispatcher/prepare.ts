/**
 * Prepare, the stage between the loop and the wire (Svix's worker calls it
 * `prepare_dispatch`), over two typed states:
 *
 * - `admit`, in the loop's round, before a slot is taken: a delivery of a
 *   disabled webhook (`disable.ts` says why) or of a key's subscription whose
 *   key may no longer read the event (`key-gate.ts`) is written `skipped` with
 *   the reason, replayable, never sent. Each key is read at most once a round.
 * - `request`, once the delivery holds its slot: the webhook's secrets and its
 *   static header's value are opened here (`webhooks-service.ts` through
 *   `secret-cipher.ts`) and handed to the pure `attempt.buildRequest`; an event
 *   that is no longer stored is an attempt that never reaches the wire.
 *
 * What `request` throws (a secret this host cannot open) is the record stage's
 * `failed`: a failed attempt, so the schedule applies.
 */
import type { DeliveriesRepository, DueDelivery } from '../store/repositories/deliveries.js';
import type { SubscriptionKey } from '../store/repositories/webhooks.js';
import { buildRequest, notSent, unsendable, type AttemptRequest } from './attempt.js';
import { disabledReason } from './disable.js';
import type { SendResult } from './http-sender.js';
import { KeyGate } from './key-gate.js';
import type { WebhookRow, WebhooksService } from './webhooks-service.js';

/** A delivery's last error when its event's stored data cannot be read (`store/event-data.ts` threw). */
export const UNREADABLE_EVENT =
  'The event’s stored data is damaged and cannot be read, so this delivery can never be sent. ' +
  'Restore a backup made before the damage to send it again.';

/** What the prepare stage hands the send: a request to POST, or the result of one that was never made. */
export type Prepared =
  | { kind: 'send'; request: AttemptRequest; loggedHeaders: Record<string, string> }
  | { kind: 'unsent'; result: SendResult; loggedHeaders: Record<string, string> };

export interface PrepareDeps {
  webhooks: Pick<WebhooksService, 'signingSecrets' | 'openHeaderValue'>;
  deliveries: Pick<DeliveriesRepository, 'skip'>;
  /** The key that made a subscription, read now (`store/repositories/webhooks.ts`). */
  keyOf(keyId: string): SubscriptionKey | undefined;
}

export class Prepare {
  private readonly gate: KeyGate;

  constructor(private readonly deps: PrepareDeps) {
    this.gate = new KeyGate((keyId) => deps.keyOf(keyId));
  }

  /**
   * For one round of the loop: whether a due delivery may take a slot. One that may not is
   * written `skipped` with its reason, and false is returned (it took no slot).
   */
  round(now: number): (hook: WebhookRow, delivery: Pick<DueDelivery, 'id' | 'eventType'>) => boolean {
    const refusal = this.gate.round();
    return (hook, delivery) => {
      const reason = disabledReason(hook) ?? refusal(hook, delivery.eventType)?.reason ?? null;
      if (reason === null) return true;
      this.deps.deliveries.skip(delivery.id, now, reason);
      return false;
    };
  }

  /** The signed request for this attempt, its secrets and static header opened now. */
  request(
    delivery: Pick<DueDelivery, 'id' | 'eventId' | 'payload' | 'unreadable'>,
    hook: WebhookRow,
    startedAt: number,
  ): Prepared {
    if (delivery.unreadable !== undefined) {
      // Said once: the delivery ends failed and is never picked again.
      console.error(
        `dVersum dispatcher: the stored data of event ${delivery.eventId} cannot be read (${delivery.unreadable}); ` +
          `delivery ${delivery.id} is failed.`,
      );
      return { kind: 'unsent', result: unsendable(UNREADABLE_EVENT), loggedHeaders: {} };
    }
    if (delivery.payload === null) {
      return { kind: 'unsent', result: notSent('the event is no longer stored'), loggedHeaders: {} };
    }
    const request = buildRequest({
      hook,
      eventId: delivery.eventId,
      body: delivery.payload,
      secrets: this.deps.webhooks.signingSecrets(hook, startedAt),
      headerValue: hook.headerValue === null ? null : this.deps.webhooks.openHeaderValue(hook.headerValue),
      startedAt,
    });
    return { kind: 'send', request, loggedHeaders: request.loggedHeaders };
  }
}
