/**
 * The webhooks table: the owner's subscriptions and those an API key made
 * (REST hooks, `created_by_key_id`). Every statement is a drizzle prepared
 * statement with `sql.placeholder` parameters, built on its first use and
 * kept (`prepared.ts`): the dispatcher reads the webhooks every round.
 *
 * `events` is stored as JSON text; this repository reads and writes the text
 * and leaves its meaning to the services (the fan-out parses it once per batch).
 */
import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../database.js';
import { apiKeys, webhooks } from '../schema.js';
import { onFirstUse } from './prepared.js';
import { p, v } from './params.js';

export type WebhookRow = typeof webhooks.$inferSelect;

/** A webhook as the fan-out reads it: joined with the key that made it, if any. */
export interface FanOutHook {
  id: string;
  events: string;
  enabled: boolean;
  disabledReason: string | null;
  source: string;
  keyId: string | null;
  keyPermissions: string | null;
  keyEnabled: boolean | null;
  keyRevokedAt: number | null;
  /** The filter as stored (JSON text), or null. */
  filter: string | null;
}

/** A webhook's failing streak (`dispatcher/failing.ts`). */
export type FailingState = Pick<WebhookRow, 'failingSince' | 'failingMarkedAt' | 'failingError'>;

/** The key a subscription belongs to, as enabling it and sending to it need to know. */
export interface SubscriptionKey {
  name: string;
  enabled: boolean;
  revokedAt: number | null;
  /** The key's permissions as stored (JSON text). */
  permissions: string;
}

/** What an update may change (the rest stays as stored). */
export type WebhookChange = Pick<
  WebhookRow,
  | 'name'
  | 'url'
  | 'events'
  | 'secret'
  | 'previousSecret'
  | 'previousSecretExpiresAt'
  | 'headerName'
  | 'headerValue'
  | 'ordered'
  | 'filter'
  | 'updatedAt'
>;

function prepare(db: Db) {
  const byKey = eq(webhooks.createdByKeyId, p('keyId'));
  return {
    all: onFirstUse(() => db.select().from(webhooks).orderBy(desc(webhooks.id)).prepare()),
    byId: onFirstUse(() =>
      db
        .select()
        .from(webhooks)
        .where(eq(webhooks.id, p('id')))
        .prepare(),
    ),
    exists: onFirstUse(() =>
      db
        .select({ id: webhooks.id })
        .from(webhooks)
        .where(eq(webhooks.id, p('id')))
        .prepare(),
    ),
    insert: onFirstUse(() =>
      db
        .insert(webhooks)
        .values({
          id: p('id'),
          name: p('name'),
          url: p('url'),
          events: p('events'),
          enabled: p('enabled'),
          secret: p('secret'),
          previousSecret: p('previousSecret'),
          previousSecretExpiresAt: p('previousSecretExpiresAt'),
          headerName: p('headerName'),
          headerValue: p('headerValue'),
          disabledReason: p('disabledReason'),
          ordered: p('ordered'),
          filter: p('filter'),
          source: p('source'),
          createdByKeyId: p('createdByKeyId'),
          createdAt: p('createdAt'),
          updatedAt: p('updatedAt'),
        })
        .prepare(),
    ),
    update: onFirstUse(() =>
      db
        .update(webhooks)
        .set({
          name: v('name'),
          url: v('url'),
          events: v('events'),
          secret: v('secret'),
          previousSecret: v('previousSecret'),
          previousSecretExpiresAt: v('previousSecretExpiresAt'),
          headerName: v('headerName'),
          headerValue: v('headerValue'),
          ordered: v('ordered'),
          filter: v('filter'),
          updatedAt: v('updatedAt'),
        })
        .where(eq(webhooks.id, p('id')))
        .prepare(),
    ),
    setEnabled: onFirstUse(() =>
      db
        .update(webhooks)
        .set({ enabled: v('enabled'), disabledReason: v('reason'), updatedAt: v('now') })
        .where(eq(webhooks.id, p('id')))
        .prepare(),
    ),
    failing: onFirstUse(() =>
      db
        .select({
          failingSince: webhooks.failingSince,
          failingMarkedAt: webhooks.failingMarkedAt,
          failingError: webhooks.failingError,
        })
        .from(webhooks)
        .where(eq(webhooks.id, p('id')))
        .prepare(),
    ),
    setFailing: onFirstUse(() =>
      db
        .update(webhooks)
        .set({ failingSince: v('since'), failingMarkedAt: v('markedAt'), failingError: v('error') })
        .where(eq(webhooks.id, p('id')))
        .prepare(),
    ),
    remove: onFirstUse(() =>
      db
        .delete(webhooks)
        .where(eq(webhooks.id, p('id')))
        .prepare(),
    ),
    withHeaderValue: onFirstUse(() =>
      db
        .select({ id: webhooks.id, value: webhooks.headerValue })
        .from(webhooks)
        .where(isNotNull(webhooks.headerValue))
        .prepare(),
    ),
    addFilteredOut: onFirstUse(() =>
      db
        .update(webhooks)
        .set({ filteredOut: sql`${webhooks.filteredOut} + ${p('count')}` })
        .where(eq(webhooks.id, p('id')))
        .prepare(),
    ),
    setHeaderValue: onFirstUse(() =>
      db
        .update(webhooks)
        .set({ headerValue: v('value') })
        .where(eq(webhooks.id, p('id')))
        .prepare(),
    ),
    byUrlAndKey: onFirstUse(() =>
      db
        .select()
        .from(webhooks)
        .where(and(eq(webhooks.url, p('url')), byKey))
        .prepare(),
    ),
    countForKey: onFirstUse(() =>
      db
        .select({ n: sql<number>`count(*)` })
        .from(webhooks)
        .where(byKey)
        .prepare(),
    ),
    listForKey: onFirstUse(() =>
      db.select().from(webhooks).where(byKey).orderBy(desc(webhooks.id)).prepare(),
    ),
    idsForKey: onFirstUse(() => db.select({ id: webhooks.id }).from(webhooks).where(byKey).prepare()),
    enabledIdsForKey: onFirstUse(() =>
      db
        .select({ id: webhooks.id })
        .from(webhooks)
        .where(and(byKey, eq(webhooks.enabled, true)))
        .prepare(),
    ),
    enableDisabledWith: onFirstUse(() =>
      db
        .update(webhooks)
        .set({ enabled: true, disabledReason: null, updatedAt: v('now') })
        .where(and(byKey, eq(webhooks.disabledReason, p('reason'))))
        .prepare(),
    ),
    key: onFirstUse(() =>
      db
        .select({
          name: apiKeys.name,
          enabled: apiKeys.enabled,
          revokedAt: apiKeys.revokedAt,
          permissions: apiKeys.permissions,
        })
        .from(apiKeys)
        .where(eq(apiKeys.id, p('keyId')))
        .prepare(),
    ),
    fanOut: onFirstUse(() =>
      db
        .select({
          id: webhooks.id,
          events: webhooks.events,
          enabled: webhooks.enabled,
          disabledReason: webhooks.disabledReason,
          source: webhooks.source,
          keyId: webhooks.createdByKeyId,
          keyPermissions: apiKeys.permissions,
          keyEnabled: apiKeys.enabled,
          keyRevokedAt: apiKeys.revokedAt,
          filter: webhooks.filter,
        })
        .from(webhooks)
        .leftJoin(apiKeys, eq(apiKeys.id, webhooks.createdByKeyId))
        .prepare(),
    ),
  };
}

export class WebhooksRepository {
  private readonly q: ReturnType<typeof prepare>;

  constructor(db: Db) {
    this.q = prepare(db);
  }

  /** Every webhook, newest first. */
  all(): WebhookRow[] {
    return this.q.all().all();
  }

  get(id: string): WebhookRow | undefined {
    return this.q.byId().get({ id });
  }

  exists(id: string): boolean {
    return this.q.exists().get({ id }) !== undefined;
  }

  insert(row: WebhookRow): void {
    this.q.insert().run({ ...row, ordered: row.ordered ? 1 : 0 });
  }

  update(id: string, change: WebhookChange): void {
    this.q.update().run({ ...change, ordered: change.ordered ? 1 : 0, id });
  }

  /** Enabled (reason null) or disabled with a reason; false when no such webhook. */
  setEnabled(id: string, enabled: boolean, reason: string | null, now: number): boolean {
    return this.q.setEnabled().run({ id, enabled: enabled ? 1 : 0, reason, now }).changes > 0;
  }

  delete(id: string): void {
    this.q.remove().run({ id });
  }

  /** The failing streak; undefined when no such webhook. */
  failingState(id: string): FailingState | undefined {
    return this.q.failing().get({ id });
  }

  setFailingState(id: string, state: FailingState): void {
    this.q
      .setFailing()
      .run({ id, since: state.failingSince, markedAt: state.failingMarkedAt, error: state.failingError });
  }

  /** Counts `count` more events the webhook's filter kept from it (the fan-out, in its transaction). */
  addFilteredOut(id: string, count: number): void {
    this.q.addFilteredOut().run({ id, count });
  }

  /** Stored static header values (sealed or plain). */
  headerValues(): { id: string; value: string }[] {
    return this.q
      .withHeaderValue()
      .all()
      .map((row) => ({ id: row.id, value: row.value! }));
  }

  setHeaderValue(id: string, value: string): void {
    this.q.setHeaderValue().run({ id, value });
  }

  /** The subscriptions a key made for this URL (REST hooks look for the same events among them). */
  forUrlAndKey(url: string, keyId: string): WebhookRow[] {
    return this.q.byUrlAndKey().all({ url, keyId });
  }

  countForKey(keyId: string): number {
    return this.q.countForKey().get({ keyId })!.n;
  }

  listForKey(keyId: string): WebhookRow[] {
    return this.q.listForKey().all({ keyId });
  }

  /** Ids of a key's subscriptions; only the enabled ones when asked. */
  idsForKey(keyId: string, onlyEnabled = false): string[] {
    const rows = onlyEnabled ? this.q.enabledIdsForKey().all({ keyId }) : this.q.idsForKey().all({ keyId });
    return rows.map((row) => row.id);
  }

  /** Enables a key's subscriptions disabled with exactly `reason`; returns how many. */
  enableForKey(keyId: string, reason: string, now: number): number {
    return this.q.enableDisabledWith().run({ keyId, reason, now }).changes;
  }

  /** The API key a subscription names; undefined when it no longer exists. */
  key(keyId: string): SubscriptionKey | undefined {
    return this.q.key().get({ keyId });
  }

  /** The webhooks with their key, in one query (the fan-out runs it inside its transaction). */
  forFanOut(): FanOutHook[] {
    return this.q.fanOut().all();
  }
}
