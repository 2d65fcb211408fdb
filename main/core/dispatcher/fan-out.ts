/**
 * Which webhooks get a delivery for an event: those subscribed to its type,
 * and for a subscription an API key made (REST hooks) only while that key is
 * active and holds the event's read permission (`mayReceiveEvent`). The
 * fan-out reads the webhooks joined with their keys in its own transaction,
 * so a key revoked or stripped of a permission before that point gets nothing.
 */
import { eq } from 'drizzle-orm';
import { mayReceiveEvent } from '../../../contract/index.js';
import type { Db } from '../store/database.js';
import { apiKeys, webhooks } from '../store/schema.js';

/** A webhook as the fan-out reads it: joined with the key that made it, if any. */
export interface FanOutHook {
  id: string;
  events: string;
  enabled: boolean;
  source: string;
  keyId: string | null;
  keyPermissions: string | null;
  keyEnabled: boolean | null;
  keyRevokedAt: number | null;
}

/** The webhooks with their key, in one query (the fan-out runs it inside its transaction). */
export function fanOutHooks(db: Db): FanOutHook[] {
  return db
    .select({
      id: webhooks.id,
      events: webhooks.events,
      enabled: webhooks.enabled,
      source: webhooks.source,
      keyId: webhooks.createdByKeyId,
      keyPermissions: apiKeys.permissions,
      keyEnabled: apiKeys.enabled,
      keyRevokedAt: apiKeys.revokedAt,
    })
    .from(webhooks)
    .leftJoin(apiKeys, eq(apiKeys.id, webhooks.createdByKeyId))
    .all();
}

/**
 * Which event types a webhook gets a delivery for: those it subscribed to, and for
 * a key's subscription only while the key is active and holds the read permission.
 */
export function subscriptionFilter(hook: FanOutHook): (eventType: string) => boolean {
  const events = JSON.parse(hook.events) as string[];
  const subscribed = events.includes('*') ? () => true : (type: string) => events.includes(type);
  if (hook.source !== 'api' && hook.keyId === null) return subscribed;
  const active = hook.keyPermissions !== null && hook.keyEnabled === true && hook.keyRevokedAt === null;
  if (!active) return () => false;
  const granted = JSON.parse(hook.keyPermissions!) as string[];
  return (type) => subscribed(type) && mayReceiveEvent(granted, type);
}
