/**
 * What the dispatcher tells its host as it happens: the desktop shell shows a
 * notification when a delivery fails its last retry, a webhook is marked
 * failing, is disabled (a 410, or failing too long) or recovers, and refreshes the tray's counts and the window's pause switch.
 * Listeners run synchronously after the row is written; one that throws does
 * not disturb the dispatcher.
 */
import type { Attempt } from './attempt.js';
import type { StreakOutcome } from './failing.js';

interface OutcomeFields {
  deliveryId: string;
  webhookId: string;
  webhookName: string;
  eventType: string;
  attempts: number;
  /** Set on the failure that made the receiver's 410 disable the webhook (a webhook.disabled event follows). */
  webhookDisabled?: true;
}

type OutcomeType = 'delivery.succeeded' | 'delivery.retrying' | 'delivery.failed';

export type DeliveryOutcome = { [T in OutcomeType]: OutcomeFields & { type: T } }[OutcomeType];

export type DispatchEvent =
  | DeliveryOutcome
  | { type: 'webhook.disabled'; webhookId: string; webhookName: string; reason: string }
  /** Every delivery has failed for 24 h (`failing.ts`). */
  | {
      type: 'webhook.failing';
      webhookId: string;
      webhookName: string;
      since: number;
      lastError: string | null;
    }
  /** A webhook marked failing got a delivery through (`failing.ts`): failing from `since` until now. */
  | { type: 'webhook.recovered'; webhookId: string; webhookName: string; since: number }
  | { type: 'paused'; paused: boolean };

export type DispatchListener = (event: DispatchEvent) => void;

export class DispatchEvents {
  readonly #listeners = new Set<DispatchListener>();

  on(listener: DispatchListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }

  emit(event: DispatchEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (err) {
        console.error('dVersum dispatcher: an event listener failed', err);
      }
    }
  }
}

const OUTCOME = {
  success: 'delivery.succeeded',
  retrying: 'delivery.retrying',
  failed: 'delivery.failed',
} as const;

/** The events one recorded attempt means: its outcome, and what it did to its webhook's streak. */
export function attemptEvents(
  delivery: { id: string; webhookId: string; eventType: string },
  hook: { name: string },
  attempt: Attempt,
  streak: StreakOutcome,
): DispatchEvent[] {
  const { kind } = attempt.verdict;
  const disabledReason = attempt.verdict.kind === 'gone' ? attempt.verdict.reason : streak.disabled;
  const events: DispatchEvent[] = [];
  if (streak.marked) {
    events.push({
      type: 'webhook.failing',
      webhookId: delivery.webhookId,
      webhookName: hook.name,
      ...streak.marked,
    });
  }
  events.push({
    type: OUTCOME[kind === 'delivered' ? 'success' : kind === 'retry' ? 'retrying' : 'failed'],
    deliveryId: delivery.id,
    webhookId: delivery.webhookId,
    webhookName: hook.name,
    eventType: delivery.eventType,
    attempts: attempt.attempt,
    ...(disabledReason ? { webhookDisabled: true as const } : {}),
  });
  if (streak.recovered) {
    events.push({
      type: 'webhook.recovered',
      webhookId: delivery.webhookId,
      webhookName: hook.name,
      since: streak.recovered.since,
    });
  }
  if (disabledReason) {
    events.push({
      type: 'webhook.disabled',
      webhookId: delivery.webhookId,
      webhookName: hook.name,
      reason: disabledReason,
    });
  }
  return events;
}
