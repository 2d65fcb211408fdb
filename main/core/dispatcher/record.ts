/**
 * Recording an attempt, the last stage: the answer classified (`attempt.ts`),
 * then the attempt row and the delivery's new state together, and for a 410
 * Gone the webhook disabled (the one `disable`), and the webhook's failing
 * streak (`failing.ts`). `RecordStage` runs `AttemptRecorder` in this turn's
 * group commit, so the attempts that finish in one turn share one commit;
 * nothing is told (`dispatch-events.ts`) before that commit says so.
 */
import { isHealthEvent } from '../../../contract/index.js';
import type { Clock } from '../clock.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { DeliveriesRepository, DueDelivery } from '../store/repositories/deliveries.js';
import type { DeliveryAttemptsRepository } from '../store/repositories/delivery-attempts.js';
import type { WebhookRow } from '../store/repositories/webhooks.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { classify, nextState, notSent, type Attempt } from './attempt.js';
import type { WebhookDisabler } from './disable.js';
import { attemptEvents, type DispatchEvents } from './dispatch-events.js';
import type { AttemptDelivery, FailingWatch, StreakOutcome } from './failing.js';
import type { HealthEvents } from './health-events.js';
import type { SendResult } from './http-sender.js';

export class AttemptRecorder {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly attempts: DeliveryAttemptsRepository,
    private readonly disabler: WebhookDisabler,
    private readonly failing: FailingWatch,
    private readonly health: HealthEvents,
  ) {}

  /**
   * Writes the attempt; false when the delivery is gone (its webhook was deleted meanwhile), else what
   * it did to the failing streak. `delivery.manual`: the owner sent it again (it never counts toward a
   * streak). Call inside a unit of work: the health events it raises are written in it.
   */
  record(attempt: Attempt, delivery: AttemptDelivery): StreakOutcome | false {
    const next = nextState(attempt.verdict);
    // A throttled attempt is logged under the number of the retry it waits for: the schedule does not count it.
    const counted =
      attempt.verdict.kind === 'retry' && attempt.verdict.throttled ? attempt.attempt - 1 : attempt.attempt;
    // The delivery's new state first: no row changed means it is gone.
    const updated = this.deliveries.afterAttempt({
      id: attempt.deliveryId,
      status: next.status,
      attempt: counted,
      responseCode: attempt.responseCode,
      durationMs: attempt.durationMs,
      nextAttemptAt: next.nextAttemptAt,
      lastError: attempt.error,
      updatedAt: attempt.finishedAt,
    });
    if (!updated) return false;
    this.attempts.insert({
      deliveryId: attempt.deliveryId,
      eventId: delivery.eventId,
      attempt: attempt.attempt,
      startedAt: attempt.startedAt,
      requestHeaders: attempt.requestHeaders,
      responseCode: attempt.responseCode,
      responseBody: attempt.responseBody,
      durationMs: attempt.durationMs,
      error: attempt.error,
      outcome: attempt.verdict.kind === 'delivered' ? 'success' : 'error',
    });
    if (attempt.verdict.kind === 'gone') {
      const state = this.failing.stateOf(attempt.webhookId);
      const disabled = this.disabler.disable(attempt.webhookId, attempt.verdict.reason, attempt.finishedAt);
      // A health event's own delivery raises none (health-events.ts).
      if (disabled && !isHealthEvent(delivery.eventType))
        this.health.disabled(
          {
            webhookId: attempt.webhookId,
            since: state?.failingSince ?? attempt.startedAt,
            lastError: attempt.error,
            deliveryId: attempt.deliveryId,
            eventId: delivery.eventId,
          },
          attempt.verdict.reason,
        );
    }
    // An event that cannot be read is not the receiver's failure: its streak is left as it is.
    if (attempt.verdict.kind === 'unsendable') return {};
    return this.failing.afterAttempt(attempt, delivery);
  }
}

export interface RecordStageDeps {
  recorder: AttemptRecorder;
  work: UnitOfWork;
  clock: Clock;
  settings: Pick<SettingsStore, 'get'>;
  events: DispatchEvents;
  /** The jitter's random source, [0, 1) (`DispatcherOptions.random`). */
  random: () => number;
}

/** The record stage as the loop uses it: classify, write in the turn's group commit, then tell. */
export class RecordStage {
  constructor(private readonly deps: RecordStageDeps) {}

  /** What the answer means, on the schedule as it is set now. */
  classify(
    delivery: DueDelivery,
    startedAt: number,
    sent: Record<string, string>,
    result: SendResult,
  ): Attempt {
    const [finishedAt, schedule] = [this.deps.clock.now(), this.deps.settings.get().retrySchedule];
    const random = this.deps.random();
    return classify({ delivery, startedAt, finishedAt, requestHeaders: sent, result, schedule, random });
  }

  /** Written in this turn's group commit; the outcome is told once it is committed. */
  async record(delivery: DueDelivery, hook: Pick<WebhookRow, 'name'>, attempt: Attempt): Promise<void> {
    const recorded = await this.deps.work.commitWithOthers(() =>
      this.deps.recorder.record(attempt, delivery),
    );
    if (!recorded) return; // the webhook was deleted meanwhile
    for (const event of attemptEvents(delivery, hook, attempt, recorded)) this.deps.events.emit(event);
  }

  /**
   * A send that threw rather than answered (not a network failure, which is an answer: a secret
   * this host cannot open, a bug): recorded as a failed attempt so the schedule applies (a row
   * left due would be picked again at once). Throws what the commit throws.
   */
  async failed(delivery: DueDelivery, err: unknown): Promise<void> {
    console.error(`dVersum dispatcher: delivery ${delivery.id} could not be sent`, err);
    const message = err instanceof Error ? err.message : String(err);
    const attempt = this.classify(delivery, this.deps.clock.now(), {}, notSent(`could not send: ${message}`));
    await this.deps.work.commitWithOthers(() => this.deps.recorder.record(attempt, delivery));
  }
}
