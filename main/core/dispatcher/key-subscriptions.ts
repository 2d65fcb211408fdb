/**
 * REST-hook subscriptions follow the API key that made them
 * (`webhooks.created_by_key_id`).
 *
 * - Revoking a key disables all its subscriptions with the reason
 *   `key revoked`, in the key's own transaction; they cannot be enabled again
 *   (the integration subscribes anew with a new key).
 * - Disabling a key disables its enabled subscriptions with `key disabled`.
 *   Enabling the key again enables exactly those (the reason says the key
 *   turned them off, not the owner); one the owner or a 410 disabled stays off.
 *   Unlike Stripe, which leaves them for the owner: an n8n trigger only
 *   subscribes when its workflow is activated, so it would never come back.
 * - Rotating keeps the key record (same id, permissions and whitelist), so
 *   the subscriptions stay with it.
 * - Waiting deliveries of a subscription disabled here are `skipped` with the
 *   reason: it is disabled the one way every disable takes (`disable.ts`).
 *   The fan-out itself also checks the key
 *   (`fan-out.ts`), so a subscription whose key is not active never gets
 *   a delivery even if this step was missed (old data, a race).
 */
import { KEY_DISABLED, KEY_REVOKED } from '../../../contract/index.js';
import { AppError } from '../errors.js';
import type { WebhooksRepository } from '../store/repositories/webhooks.js';
import type { WebhookDisabler } from './disable.js';

/** The rules `ApiKeysService` applies in the key's transaction (its `KeySubscriptionRules`). */
export class KeySubscriptions {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly disabler: WebhookDisabler,
  ) {}

  /** Every subscription of the key becomes disabled with `key revoked`. Call inside the key's transaction. */
  revoked(keyId: string, now: number): number {
    return this.disableAll(this.webhooks.idsForKey(keyId), KEY_REVOKED, now);
  }

  /** The key's enabled subscriptions become disabled with `key disabled`. Call inside the key's transaction. */
  disabled(keyId: string, now: number): number {
    return this.disableAll(this.webhooks.idsForKey(keyId, true), KEY_DISABLED, now);
  }

  /** The subscriptions `key disabled` turned off come back with the key. */
  enabled(keyId: string, now: number): number {
    return this.webhooks.enableForKey(keyId, KEY_DISABLED, now);
  }

  /** Refuses enabling a subscription whose key is revoked, disabled or gone (a 409 saying what to do). */
  assertAllowsEnable(hook: { name: string; source: string; createdByKeyId: string | null }): void {
    if (hook.source !== 'api' && hook.createdByKeyId === null) return;
    const key = hook.createdByKeyId ? this.webhooks.key(hook.createdByKeyId) : undefined;
    const subscribed = `Webhook ${hook.name} was subscribed by the API key`;
    if (!key) {
      throw new AppError(
        'conflict',
        `${subscribed} that made it, which no longer exists: the integration has to subscribe again with a new key`,
      );
    }
    if (key.revokedAt !== null) {
      throw new AppError(
        'conflict',
        `${subscribed} ${key.name}, which is revoked: it cannot be enabled again; the integration has to subscribe again with a new key`,
      );
    }
    if (!key.enabled) {
      throw new AppError(
        'conflict',
        `${subscribed} ${key.name}, which is disabled: enable the key in Settings > Integrations, and the subscriptions disabled with it come back with it`,
      );
    }
  }

  private disableAll(ids: string[], reason: string, now: number): number {
    for (const id of ids) this.disabler.disable(id, reason, now);
    return ids.length;
  }
}
