/**
 * Recording an attempt, the last stage: the attempt row and the delivery's
 * new state together, and for a 410 Gone the webhook disabled (the one
 * `disable`), and the webhook's failing streak (`failing.ts`). The dispatcher runs it in this turn's group commit, so the
 * attempts that finish in one turn share one commit; nothing is recorded
 * before that commit says so.
 */
import { newId } from '../ids.js';
import type { DeliveriesRepository } from '../store/repositories/deliveries.js';
import type { DeliveryAttemptsRepository } from '../store/repositories/delivery-attempts.js';
import { nextState, type Attempt } from './attempt.js';
import type { WebhookDisabler } from './disable.js';
import type { FailingWatch, StreakOutcome } from './failing.js';

export class AttemptRecorder {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly attempts: DeliveryAttemptsRepository,
    private readonly disabler: WebhookDisabler,
    private readonly failing: FailingWatch,
  ) {}

  /**
   * Writes the attempt; false when the delivery is gone (its webhook was deleted meanwhile), else what
   * it did to the failing streak. `manual`: the owner sent it again (it never counts toward a streak).
   * Call inside a unit of work.
   */
  record(attempt: Attempt, manual = false): StreakOutcome | false {
    const next = nextState(attempt.verdict);
    // The delivery's new state first: no row changed means it is gone.
    const updated = this.deliveries.afterAttempt({
      id: attempt.deliveryId,
      status: next.status,
      attempt: attempt.attempt,
      responseCode: attempt.responseCode,
      durationMs: attempt.durationMs,
      nextAttemptAt: next.nextAttemptAt,
      lastError: attempt.error,
      updatedAt: attempt.finishedAt,
    });
    if (!updated) return false;
    this.attempts.insert({
      id: newId('attempt', attempt.startedAt),
      deliveryId: attempt.deliveryId,
      attempt: attempt.attempt,
      startedAt: attempt.startedAt,
      requestHeaders: JSON.stringify(attempt.requestHeaders),
      responseCode: attempt.responseCode,
      responseBody: attempt.responseBody,
      durationMs: attempt.durationMs,
      error: attempt.error,
      outcome: attempt.verdict.kind === 'delivered' ? 'success' : 'error',
    });
    if (attempt.verdict.kind === 'gone') {
      this.disabler.disable(attempt.webhookId, attempt.verdict.reason, attempt.finishedAt);
    }
    return this.failing.afterAttempt(attempt, manual);
  }
}
