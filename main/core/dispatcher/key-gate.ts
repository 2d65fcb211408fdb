/**
 * A REST-hook delivery goes out only while the key that subscribed may still
 * read it. The fan-out checks the key when it makes the delivery; a retry, a
 * delivery waiting out a pause or the outgoing limit, a redeliver or a replay
 * is sent later, when the key may have been revoked, disabled, deleted or
 * stripped of the read permission. So the key is checked again where the
 * dispatcher prepares the send (before the POST; the delivery is then
 * `skipped` with the reason, replayable once the key may read it again), on
 * redeliver (a 409 with the reason) and on replay (made `skipped` at once).
 * The owner's own webhooks have no key and are never refused here.
 */
import {
  EVENT_READ_PERMISSION,
  KEY_DISABLED,
  KEY_REVOKED,
  mayReceiveEvent,
  permissionLabel,
} from '../../../contract/index.js';
import type { SubscriptionKey, WebhookRow } from '../store/repositories/webhooks.js';

export const KEY_GONE = 'the key that subscribed no longer exists';

type Subscriber = Pick<WebhookRow, 'source' | 'createdByKeyId'>;

/** Whether an API key made this webhook (REST hooks), rather than the owner. */
export const isKeySubscription = (hook: Subscriber): boolean =>
  hook.source === 'api' || hook.createdByKeyId !== null;

/** Why a key's subscription is not sent: the log's reason, the same as a sentence, and what the owner can do. */
export interface KeyRefusal {
  reason: string;
  sentence: string;
  remedy: string;
}

const NEW_KEY = 'the integration has to subscribe again with a new key';

/**
 * Why the key that subscribed may not be sent an event of `eventType` now
 * (revoked, disabled, gone, or without its read permission), or null when it may.
 */
export function keyRefusal(key: SubscriptionKey | undefined, eventType: string): KeyRefusal | null {
  if (!key) return { reason: KEY_GONE, sentence: KEY_GONE, remedy: NEW_KEY };
  if (key.revokedAt !== null) {
    return {
      reason: KEY_REVOKED,
      sentence: `the key ${key.name} that subscribed is revoked`,
      remedy: NEW_KEY,
    };
  }
  if (!key.enabled) {
    return {
      reason: KEY_DISABLED,
      sentence: `the key ${key.name} that subscribed is disabled`,
      remedy: `enable the key in Settings > Integrations first`,
    };
  }
  const granted = JSON.parse(key.permissions) as string[];
  if (mayReceiveEvent(granted, eventType)) return null;
  const needed = Object.hasOwn(EVENT_READ_PERMISSION, eventType)
    ? EVENT_READ_PERMISSION[eventType as keyof typeof EVENT_READ_PERMISSION]
    : null;
  if (needed === null) {
    const reason = `the key that subscribed may not receive ${eventType} events`;
    return { reason, sentence: reason, remedy: NEW_KEY };
  }
  const label = permissionLabel(needed);
  const reason = `the key that subscribed may no longer ${label[0].toLowerCase()}${label.slice(1)} (${needed})`;
  return {
    reason,
    sentence: reason,
    remedy: `add ${label} (${needed}) to the key ${key.name} in Settings > Integrations first`,
  };
}

export class KeyGate {
  constructor(private readonly keyOf: (keyId: string) => SubscriptionKey | undefined) {}

  /** Why this webhook may not be sent an event of `eventType` now, or null (always null for the owner's). */
  refusal(hook: Subscriber, eventType: string): KeyRefusal | null {
    if (!isKeySubscription(hook)) return null;
    return keyRefusal(hook.createdByKeyId === null ? undefined : this.keyOf(hook.createdByKeyId), eventType);
  }

  /** The same check for one dispatcher round: each key is read at most once in it. */
  round(): (hook: Subscriber, eventType: string) => KeyRefusal | null {
    const keys = new Map<string, SubscriptionKey | undefined>();
    const cached = new KeyGate((keyId) => {
      if (!keys.has(keyId)) keys.set(keyId, this.keyOf(keyId));
      return keys.get(keyId);
    });
    return (hook, eventType) => cached.refusal(hook, eventType);
  }
}
