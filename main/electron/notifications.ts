/**
 * System notifications for what the owner must know without the window open:
 * a delivery failed its last retry, a webhook has failed for 24 h (marked
 * failing), a webhook marked failing got a delivery through (recovered), or it was disabled (410 Gone, or failing for `autoDisable.afterDays`). A receiver that is down fails many deliveries at once,
 * so failures are grouped per webhook: at most one notification per quiet
 * period, the next one counting those held back.
 */
import type { Language } from '../../contract/language.js';
import { toIso, type Clock } from '../core/clock.js';
import type { DispatchEvent } from '../core/dispatcher/dispatch-events.js';
import { desktopText } from './i18n.js';

/** The dispatcher's events the owner is told of (a failed delivery needs no id to be told). */
export type DeliveryAlert =
  | Omit<Extract<DispatchEvent, { type: 'delivery.failed' }>, 'deliveryId'>
  | Extract<DispatchEvent, { type: 'webhook.disabled' | 'webhook.failing' | 'webhook.recovered' }>;

/** Whether the owner is told of this dispatcher event (`AlertNotifier.handle`). */
export function isDeliveryAlert(
  event: DispatchEvent,
): event is Extract<DispatchEvent, { type: DeliveryAlert['type'] }> {
  return (
    event.type === 'delivery.failed' ||
    event.type === 'webhook.disabled' ||
    event.type === 'webhook.failing' ||
    event.type === 'webhook.recovered'
  );
}

export interface Notice {
  title: string;
  body: string;
}

export const FAILURE_QUIET_MS = 15 * 60_000;

export function alertNotice(alert: DeliveryAlert, heldBack = 0, language: Language = 'en'): Notice {
  const t = desktopText(language);
  const name = alert.webhookName;
  if (alert.type === 'webhook.failing') {
    return {
      title: t('notice.failingTitle', { name }),
      body: t('notice.failingBody', {
        since: toIso(alert.since),
        error: alert.lastError ?? t('notice.unknownError'),
      }),
    };
  }
  if (alert.type === 'webhook.recovered') {
    return {
      title: t('notice.recoveredTitle', { name }),
      body: t('notice.recoveredBody', { since: toIso(alert.since) }),
    };
  }
  if (alert.type === 'webhook.disabled') {
    return {
      title: t('notice.disabledTitle', { name }),
      body: t('notice.disabledBody', { reason: alert.reason }),
    };
  }
  const facts = { eventType: alert.eventType, attempts: alert.attempts };
  return {
    title: t('notice.failedTitle', { name }),
    body:
      heldBack > 0
        ? t('notice.failedBodyMore', { ...facts, count: heldBack })
        : t('notice.failedBody', facts),
  };
}

export class AlertNotifier {
  readonly #lastShown = new Map<string, number>();
  readonly #heldBack = new Map<string, number>();

  constructor(
    private readonly deps: {
      clock: Clock;
      notify(notice: Notice): void;
      quietMs?: number;
      /** The owner's language at the time of the notice; English when absent. */
      language?(): Language;
    },
  ) {}

  handle(alert: DeliveryAlert): void {
    if (alert.type === 'delivery.failed' && alert.webhookDisabled) return;
    if (alert.type !== 'delivery.failed') {
      this.deps.notify(alertNotice(alert, 0, this.deps.language?.()));
      return;
    }
    const now = this.deps.clock.now();
    const last = this.#lastShown.get(alert.webhookId);
    if (last !== undefined && now - last < (this.deps.quietMs ?? FAILURE_QUIET_MS)) {
      this.#heldBack.set(alert.webhookId, (this.#heldBack.get(alert.webhookId) ?? 0) + 1);
      return;
    }
    const heldBack = this.#heldBack.get(alert.webhookId) ?? 0;
    this.#heldBack.delete(alert.webhookId);
    this.#lastShown.set(alert.webhookId, now);
    this.deps.notify(alertNotice(alert, heldBack, this.deps.language?.()));
  }
}
