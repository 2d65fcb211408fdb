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
 *   reason, as any disable does; the fan-out itself also checks the key
 *   (`fan-out.ts`), so a subscription whose key is not active never gets
 *   a delivery even if this step was missed (old data, a race).
 */
import { and, eq, inArray } from 'drizzle-orm';
import { KEY_DISABLED, KEY_REVOKED } from '../../../contract/index.js';
import { AppError } from '../errors.js';
import type { Db } from '../store/database.js';
import { apiKeys, webhooks } from '../store/schema.js';
import { skipWaitingDeliveries } from './delivery-store.js';

function disable(db: Db, ids: string[], reason: string, now: number): number {
  if (ids.length === 0) return 0;
  db.update(webhooks)
    .set({ enabled: false, disabledReason: reason, updatedAt: now })
    .where(inArray(webhooks.id, ids))
    .run();
  for (const id of ids) skipWaitingDeliveries(db, id, now, reason);
  return ids.length;
}

const idsOf = (rows: { id: string }[]): string[] => rows.map((row) => row.id);

/** Every subscription of the key becomes disabled with `key revoked`. Call inside the key's transaction. */
export function disableOnRevoke(db: Db, keyId: string, now: number): number {
  const rows = db.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.createdByKeyId, keyId)).all();
  return disable(db, idsOf(rows), KEY_REVOKED, now);
}

/** The key's enabled subscriptions become disabled with `key disabled`. Call inside the key's transaction. */
export function disableOnKeyDisabled(db: Db, keyId: string, now: number): number {
  const rows = db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(and(eq(webhooks.createdByKeyId, keyId), eq(webhooks.enabled, true)))
    .all();
  return disable(db, idsOf(rows), KEY_DISABLED, now);
}

/** The subscriptions `key disabled` turned off come back with the key. */
export function enableOnKeyEnabled(db: Db, keyId: string, now: number): number {
  return db
    .update(webhooks)
    .set({ enabled: true, disabledReason: null, updatedAt: now })
    .where(and(eq(webhooks.createdByKeyId, keyId), eq(webhooks.disabledReason, KEY_DISABLED)))
    .run().changes;
}

/** Refuses enabling a subscription whose key is revoked, disabled or gone (a 409 saying what to do). */
export function assertKeyAllowsEnable(
  db: Db,
  hook: { name: string; source: string; createdByKeyId: string | null },
): void {
  if (hook.source !== 'api' && hook.createdByKeyId === null) return;
  const key = hook.createdByKeyId
    ? db.select().from(apiKeys).where(eq(apiKeys.id, hook.createdByKeyId)).get()
    : undefined;
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
