/**
 * Webhook health events (contract/health-events.ts): `webhook.failing`, `webhook.disabled` and
 * `webhook.recovered`, written to the outbox by `raise` inside the transaction that marks the
 * state (`failing.ts` for the streak, `record.ts` for a 410 Gone), so the event exists exactly
 * when the state change does.
 *
 * The rule, as Svix's operational webhooks: they are raised only while the setting
 * `healthEventsTo` names one of the owner's webhooks, and the fan-out gives them to it whatever
 * its event list (one switch, nothing to keep in step with a subscription); any other webhook or
 * REST-hook subscription (`webhooks:manage`) that lists a health event by name gets it too, never
 * through `*` (`fan-out.ts`). Never in a loop:
 * - a delivery of a health event neither starts, extends nor ends a failing streak
 *   (`failing.ts`), so no health event is ever raised about one;
 * - the webhook a `webhook.failing` or `webhook.disabled` is about never gets it: the fan-out
 *   keeps that delivery in the log as `skipped` (`ownHealthSkip`), replayable, never retried.
 */
import {
  failingMarkedReason,
  isHealthEvent,
  recoveredReason,
  type HealthEventData,
  type HealthEventType,
  type HealthReasonCode,
} from '../../../contract/index.js';
import { reasonOf } from '../../../contract/reasons.js';
import { toIso } from '../clock.js';
import type { Outbox } from '../store/outbox.js';
import type { DeliveryAttemptsRepository } from '../store/repositories/delivery-attempts.js';
import type { WebhooksRepository } from '../store/repositories/webhooks.js';

/** What the state change knows: the webhook, its streak, and the delivery that tipped it. */
export interface HealthFacts {
  webhookId: string;
  /** The streak's first failed attempt (ms). */
  since: number;
  lastError: string | null;
  deliveryId: string | null;
  eventId: string | null;
}

/** What a skipped delivery of a webhook's own health event says (written only here). */
export const OWN_HEALTH_SKIPPED =
  'not sent: this health event is about this webhook itself; choose another webhook under "Send webhook health events to"';

/**
 * Why the fan-out skips this delivery: a `webhook.failing` or `webhook.disabled` for the webhook it
 * is about. A `webhook.recovered` is sent to it: it has just answered.
 */
export function ownHealthSkip(type: string, data: unknown, hookId: string): string | null {
  if (!isHealthEvent(type) || type === 'webhook.recovered') return null;
  const about = (data as { data?: { webhookId?: unknown } } | null)?.data?.webhookId;
  return about === hookId ? OWN_HEALTH_SKIPPED : null;
}

export class HealthEvents {
  constructor(
    private readonly deps: {
      webhooks: Pick<WebhooksRepository, 'get' | 'exists'>;
      attempts: Pick<DeliveryAttemptsRepository, 'failedSince'>;
      outbox: Pick<Outbox, 'record'>;
      /** The setting `healthEventsTo`: null is off. */
      target: () => string | null;
    },
  ) {}

  /** The webhook was just marked failing. Call inside the transaction that marks it. */
  failing(facts: HealthFacts): void {
    this.raise('webhook.failing', facts, 'failing', failingMarkedReason(toIso(facts.since), facts.lastError));
  }

  /** The webhook was just disabled by dVersum with `reason` (failing for days, or 410 Gone). */
  disabled(facts: HealthFacts, reason: string): void {
    const code = reasonOf(reason)?.code;
    this.raise('webhook.disabled', facts, code === 'receiver_gone' ? 'receiver_gone' : 'failing_disabled', reason);
  }

  /** A success ended a streak marked failing. */
  recovered(facts: HealthFacts): void {
    this.raise('webhook.recovered', facts, 'recovered', recoveredReason(toIso(facts.since)));
  }

  private raise(type: HealthEventType, facts: HealthFacts, reasonCode: HealthReasonCode, reason: string): void {
    const to = this.deps.target();
    if (to === null || !this.deps.webhooks.exists(to)) return;
    const hook = this.deps.webhooks.get(facts.webhookId);
    if (!hook) return;
    const data: HealthEventData = {
      webhookId: hook.id,
      name: hook.name,
      url: new URL(hook.url).origin,
      reasonCode,
      reason,
      failingSince: toIso(facts.since),
      // At least the attempt that raised it (a 410 on a first attempt counts itself).
      attemptsFailed: Math.max(1, this.deps.attempts.failedSince(hook.id, facts.since)),
      lastError: facts.lastError,
      deliveryId: facts.deliveryId,
      eventId: facts.eventId,
    };
    this.deps.outbox.record(type, data);
  }
}
