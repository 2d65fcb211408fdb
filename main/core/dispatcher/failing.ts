/**
 * Failing webhooks, handled for the owner (as Svix and Stripe do). A webhook's
 * streak starts at the first failed attempt after its last success and is
 * measured up to its latest failed attempt:
 *
 * - 24 h of nothing but failures: marked failing (the desktop notifies, the
 *   tray counts it, its card shows a banner with the last error);
 * - `autoDisable.afterDays` (5 by default, 0 = never): disabled through the one
 *   `disable` with the reason `failingReason` gives; what arrives afterwards is
 *   kept as `skipped`, so Replay sends it once the receiver answers again;
 * - one success clears the streak (of a webhook that was marked failing: it
 *   has recovered, and the desktop says so); so does enabling the webhook again.
 *
 * What the owner sends again (Redeliver, Replay, Send test) is `manual`: its
 * failure neither starts nor extends a streak (trying a receiver must not
 * disable it), while its success does clear it — a 2xx proves the receiver
 * works, whoever asked for it. The streak is judged when an attempt is
 * recorded, in the same transaction; a webhook that gets no events is not
 * judged (nothing was tried, so nothing failed). A delivery of a webhook health
 * event is not judged either: it neither starts, extends nor ends a streak, so
 * no health event is raised about one (`health-events.ts`). Marking, disabling
 * and recovering raise their health event in this same transaction.
 */
import { isHealthEvent } from '../../../contract/index.js';
import { toIso } from '../clock.js';
import type { FailingState, WebhooksRepository } from '../store/repositories/webhooks.js';
import type { Attempt } from './attempt.js';
import type { WebhookDisabler } from './disable.js';
import type { HealthEvents } from './health-events.js';

/** What the recorder knows of the attempt's delivery. */
export interface AttemptDelivery {
  eventId: string;
  eventType: string;
  /** The owner sent it again (redeliver, replay, Send test). */
  manual: boolean;
}

export const FAILING_AFTER_MS = 24 * 3_600_000;
const DAY_MS = 24 * 3_600_000;

export const NOT_FAILING: FailingState = { failingSince: null, failingMarkedAt: null, failingError: null };

/** The reason a failing webhook is disabled with (its skipped deliveries say it too). */
export function failingReason(since: number, afterDays: number, lastError: string | null): string {
  const days = afterDays === 1 ? '1 day' : `${afterDays} days`;
  return `failing since ${toIso(since)}: every delivery failed for ${days} (last error: ${lastError ?? 'unknown'})`;
}

export interface StreakInput {
  state: FailingState;
  ok: boolean;
  manual: boolean;
  /** When the attempt finished. */
  at: number;
  error: string | null;
  /** `autoDisable.afterDays`; 0 is never. */
  afterDays: number;
}

export interface StreakStep {
  /** The state to store, or undefined when it stays as it is. */
  next?: FailingState;
  /** This attempt made the webhook failing. */
  marked?: true;
  /** This attempt disables it, with this reason. */
  disable?: string;
  /** This success ends a streak that was marked failing. */
  recovered?: true;
}

/** What one recorded attempt does to the streak (pure). */
export function streakStep(input: StreakInput): StreakStep {
  const { state, at, afterDays } = input;
  if (input.ok) {
    if (state.failingSince === null) return {};
    return state.failingMarkedAt === null ? { next: NOT_FAILING } : { next: NOT_FAILING, recovered: true };
  }
  if (input.manual) return {};
  const since = state.failingSince ?? at;
  const failingFor = at - since;
  const markedAt = state.failingMarkedAt ?? (failingFor >= FAILING_AFTER_MS ? at : null);
  const step: StreakStep = {
    next: { failingSince: since, failingMarkedAt: markedAt, failingError: input.error },
  };
  if (state.failingMarkedAt === null && markedAt !== null) step.marked = true;
  if (afterDays > 0 && failingFor >= afterDays * DAY_MS)
    step.disable = failingReason(since, afterDays, input.error);
  return step;
}

/** What the streak did, for the dispatcher's events. */
export interface StreakOutcome {
  marked?: { since: number; lastError: string | null };
  disabled?: string;
  /** A success ended a streak marked failing since then. */
  recovered?: { since: number };
}

/** Keeps the streak on the webhook row; runs inside the recorder's unit of work. */
export class FailingWatch {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly disabler: WebhookDisabler,
    private readonly afterDays: () => number,
    private readonly health: HealthEvents,
  ) {}

  afterAttempt(attempt: Attempt, delivery: AttemptDelivery): StreakOutcome {
    if (isHealthEvent(delivery.eventType)) return {};
    const state = this.webhooks.failingState(attempt.webhookId);
    if (!state) return {};
    const manual = delivery.manual;
    const step = streakStep({
      state,
      ok: attempt.verdict.kind === 'delivered',
      manual,
      at: attempt.finishedAt,
      error: attempt.error,
      afterDays: this.afterDays(),
    });
    if (step.next) this.webhooks.setFailingState(attempt.webhookId, step.next);
    const outcome: StreakOutcome = {};
    const facts = (since: number, lastError: string | null) => ({
      webhookId: attempt.webhookId,
      since,
      lastError,
      deliveryId: attempt.deliveryId,
      eventId: delivery.eventId,
    });
    if (step.recovered) {
      outcome.recovered = { since: state.failingSince! };
      this.health.recovered(facts(state.failingSince!, state.failingError));
    }
    if (step.marked) {
      outcome.marked = { since: step.next!.failingSince!, lastError: attempt.error };
      this.health.failing(facts(step.next!.failingSince!, attempt.error));
    }
    // A 410 disables the webhook itself, with its own reason (record.ts).
    if (step.disable && attempt.verdict.kind !== 'gone') {
      this.disabler.disable(attempt.webhookId, step.disable, attempt.finishedAt);
      outcome.disabled = step.disable;
      this.health.disabled(facts(step.next!.failingSince!, attempt.error), step.disable);
    }
    return outcome;
  }

  /** The webhook's streak as stored (undefined: no such webhook). */
  stateOf(webhookId: string): FailingState | undefined {
    return this.webhooks.failingState(webhookId);
  }

  /** Enabling a webhook starts afresh. */
  clear(webhookId: string): void {
    this.webhooks.setFailingState(webhookId, NOT_FAILING);
  }
}
