/**
 * The dispatcher's in-flight slots and their bounds, pure: at most
 * `perWebhook` sends in flight per webhook, `inAll` in all, and for API keys'
 * REST-hook subscriptions a share: each key at most `perKey` over all its
 * subscriptions, all keys together at most `allKeys`. So one key's slow
 * receivers (25 subscriptions answering after 20 s) can neither hold every
 * slot nor keep the owner's webhooks and other keys from theirs; the owner's
 * own webhooks (no key) count toward neither key bound. The dispatcher asks
 * `free` before it reads a webhook's due rows (a key at its share costs no
 * query), `take`s a slot on launch and `release`s it once the attempt is recorded.
 */

export interface KeyShareLimits {
  /** In flight at once over all the subscriptions of one key. */
  perKey: number;
  /** In flight at once over every key's subscriptions together. */
  allKeys: number;
}

export interface SlotLimits extends KeyShareLimits {
  perWebhook: number;
  inAll: number;
}

function checkLimits(limits: object): void {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isInteger(value) || (value as number) < 1) {
      throw new RangeError(`${name} must be at least 1, not ${String(value)}`);
    }
  }
}

/** The keys' share alone: how many sends each key's subscriptions have in flight. */
export class KeyShare {
  private readonly busy = new Map<string, number>();
  private total = 0;

  constructor(private readonly limits: KeyShareLimits) {
    checkLimits(limits);
  }

  /** How many more sends of this key's subscriptions may start now; unbounded for the owner's webhooks (`null`). */
  free(keyId: string | null): number {
    if (keyId === null) return Infinity;
    const mine = this.limits.perKey - this.inFlight(keyId);
    return Math.max(0, Math.min(mine, this.limits.allKeys - this.total));
  }

  inFlight(keyId: string): number {
    return this.busy.get(keyId) ?? 0;
  }

  take(keyId: string | null): void {
    if (keyId === null) return;
    this.busy.set(keyId, this.inFlight(keyId) + 1);
    this.total++;
  }

  release(keyId: string | null): void {
    if (keyId === null) return;
    const left = this.inFlight(keyId) - 1;
    if (left > 0) this.busy.set(keyId, left);
    else this.busy.delete(keyId);
    this.total = Math.max(0, this.total - 1);
  }
}

/** The webhook a slot is for: its id, and the key that subscribed it (null for the owner's). */
export interface SlotHook {
  id: string;
  createdByKeyId: string | null;
}

/** Every slot: per webhook, per key, in all. */
export class Slots {
  /** delivery id → its webhook, for what is being sent or recorded right now. */
  private readonly byDelivery = new Map<string, SlotHook>();
  private readonly perWebhook = new Map<string, number>();
  private readonly keys: KeyShare;

  constructor(private readonly limits: SlotLimits) {
    checkLimits(limits);
    this.keys = new KeyShare(limits);
  }

  /** Sends in flight in all. */
  get size(): number {
    return this.byDelivery.size;
  }

  has(deliveryId: string): boolean {
    return this.byDelivery.has(deliveryId);
  }

  /** Sends of this webhook in flight. */
  busy(webhookId: string): number {
    return this.perWebhook.get(webhookId) ?? 0;
  }

  /** How many more sends of this webhook may start now; `perWebhook` lowers its own bound (1 while held offline). */
  free(hook: SlotHook, perWebhook = this.limits.perWebhook): number {
    const own = perWebhook - this.busy(hook.id);
    return Math.max(0, Math.min(own, this.limits.inAll - this.size, this.keys.free(hook.createdByKeyId)));
  }

  take(deliveryId: string, hook: SlotHook): void {
    this.byDelivery.set(deliveryId, hook);
    this.perWebhook.set(hook.id, this.busy(hook.id) + 1);
    this.keys.take(hook.createdByKeyId);
  }

  release(deliveryId: string): void {
    const hook = this.byDelivery.get(deliveryId);
    if (!hook) return;
    this.byDelivery.delete(deliveryId);
    const left = this.busy(hook.id) - 1;
    if (left > 0) this.perWebhook.set(hook.id, left);
    else this.perWebhook.delete(hook.id);
    this.keys.release(hook.createdByKeyId);
  }
}
