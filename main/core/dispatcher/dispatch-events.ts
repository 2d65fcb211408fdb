/**
 * What the dispatcher tells its host as it happens: the desktop shell shows a
 * notification when a delivery fails its last retry or a 410 disables a
 * webhook, and refreshes the tray's counts and the window's pause switch.
 * Listeners run synchronously after the row is written; one that throws does
 * not disturb the dispatcher.
 */
export type DispatchEvent =
  | {
      type: 'delivery.succeeded';
      deliveryId: string;
      webhookId: string;
      webhookName: string;
      eventType: string;
      attempts: number;
    }
  | {
      type: 'delivery.retrying';
      deliveryId: string;
      webhookId: string;
      webhookName: string;
      eventType: string;
      attempts: number;
    }
  | {
      type: 'delivery.failed';
      deliveryId: string;
      webhookId: string;
      webhookName: string;
      eventType: string;
      attempts: number;
    }
  | { type: 'webhook.disabled'; webhookId: string; webhookName: string; reason: string }
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

/** The events one recorded attempt means. */
export function attemptEvents(
  delivery: { id: string; webhookId: string; eventType: string },
  hook: { name: string },
  attempt: number,
  next: { status: 'success' | 'retrying' | 'failed' },
  disabledReason: string | undefined,
): DispatchEvent[] {
  const base = {
    deliveryId: delivery.id,
    webhookId: delivery.webhookId,
    webhookName: hook.name,
    eventType: delivery.eventType,
    attempts: attempt,
  };
  const type =
    next.status === 'success'
      ? 'delivery.succeeded'
      : next.status === 'retrying'
        ? 'delivery.retrying'
        : 'delivery.failed';
  const events: DispatchEvent[] = [{ type, ...base }];
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
