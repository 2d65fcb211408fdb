/**
 * The whole database schema, one module (drizzle-kit reads it to generate
 * migrations; `npm run db:generate`, then STRICT is added by
 * scripts/strict-migrations.mjs).
 *
 * Conventions: times are integer milliseconds since the epoch (UTC); calendar
 * dates are `YYYY-MM-DD` text; money is integer minor units with an ISO
 * currency; JSON columns are text holding JSON; ids are text with a type prefix
 * and sort by creation time (see ids.ts).
 */

import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const timestamps = {
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
};

// ---------------------------------------------------------------- business objects

export const clients = sqliteTable('clients', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email'),
  phone: text('phone'),
  company: text('company'),
  address: text('address'),
  notes: text('notes'),
  ...timestamps,
});

export const projects = sqliteTable(
  'projects',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    clientId: text('client_id').references(() => clients.id),
    status: text('status').notNull(),
    description: text('description'),
    ...timestamps,
  },
  (t) => [index('projects_client_idx').on(t.clientId)],
);

export const tasks = sqliteTable(
  'tasks',
  {
    id: text('id').primaryKey(),
    title: text('title').notNull(),
    description: text('description'),
    status: text('status').notNull(),
    dueDate: text('due_date'),
    projectId: text('project_id').references(() => projects.id),
    completedAt: integer('completed_at'),
    ...timestamps,
  },
  (t) => [index('tasks_project_idx').on(t.projectId)],
);

export const timeEntries = sqliteTable(
  'time_entries',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id').references(() => projects.id),
    taskId: text('task_id').references(() => tasks.id),
    description: text('description'),
    startedAt: integer('started_at'),
    endedAt: integer('ended_at'),
    minutes: integer('minutes').notNull(),
    billable: integer('billable', { mode: 'boolean' }).notNull(),
    ...timestamps,
  },
  (t) => [index('time_entries_project_idx').on(t.projectId), index('time_entries_task_idx').on(t.taskId)],
);

/** Quotes and invoices share the line-item shape; items are a JSON array. */
export const quotes = sqliteTable(
  'quotes',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    projectId: text('project_id').references(() => projects.id),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    validUntil: text('valid_until'),
    items: text('items').notNull(),
    subtotal: integer('subtotal').notNull(),
    taxTotal: integer('tax_total').notNull(),
    total: integer('total').notNull(),
    notes: text('notes'),
    sentAt: integer('sent_at'),
    decidedAt: integer('decided_at'),
    ...timestamps,
  },
  (t) => [uniqueIndex('quotes_number_idx').on(t.number), index('quotes_client_idx').on(t.clientId)],
);

export const invoices = sqliteTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    /** Assigned without gaps when the invoice is sent; null while a draft. */
    number: text('number'),
    clientId: text('client_id')
      .notNull()
      .references(() => clients.id),
    projectId: text('project_id').references(() => projects.id),
    quoteId: text('quote_id').references(() => quotes.id),
    currency: text('currency').notNull(),
    status: text('status').notNull(),
    issueDate: text('issue_date'),
    dueDate: text('due_date'),
    items: text('items').notNull(),
    subtotal: integer('subtotal').notNull(),
    taxTotal: integer('tax_total').notNull(),
    total: integer('total').notNull(),
    notes: text('notes'),
    sentAt: integer('sent_at'),
    paidAt: integer('paid_at'),
    voidedAt: integer('voided_at'),
    overdueAt: integer('overdue_at'),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('invoices_number_idx').on(t.number),
    index('invoices_client_idx').on(t.clientId),
    index('invoices_status_due_idx').on(t.status, t.dueDate),
  ],
);

/** Gapless numbering: one counter row per series and year (`INV` 2026 → 17). */
export const numberSequences = sqliteTable(
  'number_sequences',
  {
    series: text('series').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.series, t.year] })],
);

// ---------------------------------------------------------------- events

/**
 * The outbox: every change that raises an event writes its row here in the
 * same transaction as the change. `seq` orders them; the dispatcher fans each
 * out into deliveries and then sets `fannedOutAt`. A test event names the one
 * webhook it is for (`webhookId`).
 */
export const outbox = sqliteTable(
  'outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    id: text('id').notNull(),
    type: text('type').notNull(),
    /** The event's `data` (form 1), the whole body (0) or '' with `packed` (2, deflated): store/event-data.ts. */
    payload: text('payload').notNull(),
    packed: blob('packed', { mode: 'buffer' }),
    payloadForm: integer('payload_form').notNull().default(0),
    createdAt: integer('created_at').notNull(),
    fannedOutAt: integer('fanned_out_at'),
    /** Set when the event is addressed to this webhook only (a test event); null for every subscriber. */
    webhookId: text('webhook_id'),
  },
  (t) => [
    uniqueIndex('outbox_id_idx').on(t.id),
    // Events not yet fanned out, in seq order: only those rows (fanned_out_at, always null here, makes it covering).
    index('outbox_pending_idx')
      .on(t.fannedOutAt, t.seq)
      .where(sql`${t.fannedOutAt} IS NULL`),
    // Retention finds the old events by time without reading every row (a full scan stalled start-up).
    index('outbox_created_idx').on(t.createdAt),
  ],
);

// ---------------------------------------------------------------- settings and state

/** Settings (`retrySchedule`, `rateLimits`, …) and persisted state (`dispatch.paused`), one JSON value per key. */
export const kv = sqliteTable('kv', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * Invoices' and quotes' PDFs as they were sent (main/core/documents/): the bytes stored once, so a
 * sent document never changes whatever changes later (company details, dVersum itself). `version`
 * is the start of the bytes' SHA-256, what a document link names.
 */
export const documents = sqliteTable('documents', {
  objectId: text('object_id').primaryKey(),
  version: text('version').notNull(),
  pdf: blob('pdf', { mode: 'buffer' }).notNull(),
  createdAt: integer('created_at').notNull(),
});

// ---------------------------------------------------------------- incoming: API keys

export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    /** The first characters of the key (`ik_live_AbC1`), shown to identify it. */
    prefix: text('prefix').notNull(),
    last4: text('last4').notNull(),
    /** SHA-256 of the whole key, hex; the key itself is never stored. */
    hash: text('hash').notNull(),
    permissions: text('permissions').notNull(),
    ipWhitelist: text('ip_whitelist').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull(),
    revokedAt: integer('revoked_at'),
    lastUsedAt: integer('last_used_at'),
    lastUsedIp: text('last_used_ip'),
    ...timestamps,
  },
  (t) => [uniqueIndex('api_keys_hash_idx').on(t.hash)],
);

/**
 * The keys a rotation replaced, by their SHA-256 only (never the key), so a call with one is
 * told the key was replaced and when, not that it was copied wrongly.
 */
export const apiKeysReplaced = sqliteTable('api_keys_replaced', {
  hash: text('hash').primaryKey(),
  keyId: text('key_id').notNull(),
  replacedAt: integer('replaced_at').notNull(),
});

/** Counts the changes to `api_keys` (triggers, migration 0008), read once per turn by `access/verified-keys.ts`. */
export const keyVersion = sqliteTable('key_version', {
  id: integer('id').primaryKey(),
  version: integer('version').notNull(),
});

/** Every incoming call, accepted or rejected (with the reason). */
export const incomingLog = sqliteTable(
  'incoming_log',
  {
    id: text('id').primaryKey(),
    at: integer('at').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    keyId: text('key_id'),
    ip: text('ip').notNull(),
    status: integer('status').notNull(),
    /** The error code of a rejected call (`rate_limited`, `forbidden` …), null when accepted. */
    errorCode: text('error_code'),
    reason: text('reason'),
    durationMs: integer('duration_ms').notNull(),
  },
  (t) => [index('incoming_log_at_idx').on(t.at), index('incoming_log_key_idx').on(t.keyId, t.at)],
);

/** `Idempotency-Key` on POST: the first response, replayed for 24 h. */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    response: text('response').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] }), index('idempotency_created_idx').on(t.createdAt)],
);

// ---------------------------------------------------------------- outgoing: webhooks

export const webhooks = sqliteTable('webhooks', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  /** JSON array of event types, or `["*"]`. */
  events: text('events').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  /** `whsec_…`; possibly encrypted at rest by the desktop shell (prefix `enc:`). */
  secret: text('secret').notNull(),
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: integer('previous_secret_expires_at'),
  /** Optional static header for receivers that check Header Auth (n8n). */
  headerName: text('header_name'),
  headerValue: text('header_value'),
  disabledReason: text('disabled_reason'),
  /** `app` (the owner) or `api` (subscribed through REST hooks by a key). */
  source: text('source').notNull(),
  createdByKeyId: text('created_by_key_id'),
  /**
   * The failing streak (`dispatcher/failing.ts`): the first failed attempt since the last success
   * (null while the last one succeeded), when it was marked failing (24 h of failures), and the last error.
   */
  failingSince: integer('failing_since'),
  failingMarkedAt: integer('failing_marked_at'),
  failingError: text('failing_error'),
  /** One delivery in flight at a time, in event order (`ordered: true`); off by default. */
  ordered: integer('ordered', { mode: 'boolean' }).notNull().default(false),
  /** JSON match rules on the event's payload (`contract/webhook-filter.ts`); null: every event. */
  filter: text('filter'),
  /** Events the filter kept from this webhook (no delivery made), counted at fan-out. */
  filteredOut: integer('filtered_out').notNull().default(0),
  ...timestamps,
});

export const deliveries = sqliteTable(
  'deliveries',
  {
    /**
     * SQLite's rowid, named: what an attempt refers to (4 bytes where the public id takes 30).
     * Never shown: the API, the log and its cursors speak `id`.
     */
    seq: integer('seq').primaryKey(),
    id: text('id').notNull(),
    webhookId: text('webhook_id')
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    /** pending, success, error, retrying, failed, skipped */
    status: text('status').notNull(),
    /** Attempts made so far. */
    attempt: integer('attempt').notNull(),
    responseCode: integer('response_code'),
    durationMs: integer('duration_ms'),
    /** When the next attempt is due; null when nothing more is to be sent. */
    nextAttemptAt: integer('next_attempt_at'),
    lastError: text('last_error'),
    /** Sent again by the owner (redeliver, replay, Send test): its outcome never starts or extends a failing streak. */
    manual: integer('manual', { mode: 'boolean' }).notNull().default(false),
    ...timestamps,
  },
  // Each index is justified by a query in test/core/store/index-use.test.ts (an index no query uses fails
  // it). Most deliveries are sent and done: what only the waiting rows need is a partial index, so an
  // attempt that finishes a delivery updates no index but the row's own.
  (t) => [
    // The public id: a delivery by its id; the log's newest-first walk and its cursors; retention's
    // walk of old rows (ids sort by creation time: `store/repositories/retention.ts`).
    uniqueIndex('deliveries_id_idx').on(t.id),
    // The log: newest first, whole or by webhook, by status, by event type; the per-day chart by webhook.
    index('deliveries_webhook_idx').on(t.webhookId, t.id),
    index('deliveries_event_type_idx').on(t.eventType, t.id),
    // A status filter other than `success` (the rare ones) walks only the rows not sent: the log's
    // query repeats `status <> 'success'` so that SQLite may use it; `success` walks the id order.
    index('deliveries_status_idx')
      .on(t.status, t.id)
      .where(sql`${t.status} <> 'success'`),
    index('deliveries_webhook_status_idx')
      .on(t.webhookId, t.status, t.id)
      .where(sql`${t.status} <> 'success'`),
    // Replay (sent again later?), a test event's delivery, retention (is an event still needed?).
    index('deliveries_event_idx').on(t.eventId),
    // The one timer (earliest next attempt) and the held count: waiting rows only.
    index('deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.nextAttemptAt} IS NOT NULL`),
    // The dispatcher picks each webhook's due deliveries, in (next_attempt_at, id) order straight
    // from this index (without id, a batch due at the same millisecond is sorted on every pick).
    index('deliveries_webhook_due_idx')
      .on(t.webhookId, t.nextAttemptAt, t.id)
      .where(sql`${t.nextAttemptAt} IS NOT NULL`),
    // An ordered webhook's next delivery: its oldest still waiting, without walking what was sent.
    index('deliveries_webhook_waiting_idx')
      .on(t.webhookId, t.id)
      .where(sql`${t.nextAttemptAt} IS NOT NULL`),
  ],
);

/**
 * One row per attempt. Its key is SQLite's own rowid (no id of its own: nothing names an attempt
 * alone). `request_headers` keeps only what cannot be derived (`store/attempt-headers.ts`): with
 * `standard_headers` = 1 the headers every signed send carries (content type, user agent,
 * `webhook-id` = the delivery's event id, `webhook-timestamp` = `started_at` in seconds) are
 * rebuilt when read; the signature (as bytes, set 2) and a static header stay stored.
 */
export const deliveryAttempts = sqliteTable(
  'delivery_attempts',
  {
    seq: integer('seq').primaryKey(),
    /** The delivery's `seq` (its rowid), not its 30-character id: the row and its index 52 bytes smaller. */
    deliverySeq: integer('delivery_seq')
      .notNull()
      .references(() => deliveries.seq, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    startedAt: integer('started_at').notNull(),
    requestHeaders: text('request_headers').notNull(),
    /** Which set of derived headers was sent besides `request_headers` (0: none, all stored). */
    standardHeaders: integer('standard_headers').notNull().default(0),
    signatures: blob('signatures', { mode: 'buffer' }),
    responseCode: integer('response_code'),
    /** The first KiB of the response body. */
    responseBody: text('response_body'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    /** success or error */
    outcome: text('outcome').notNull(),
  },
  (t) => [
    // A delivery's attempts in order (the log's detail; the cascade when retention deletes a delivery).
    index('delivery_attempts_delivery_idx').on(t.deliverySeq, t.attempt),
    // The outgoing rate limit counts a webhook's attempts in the last hour.
    index('delivery_attempts_started_idx').on(t.startedAt),
  ],
);
