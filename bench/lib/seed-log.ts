/**
 * Fills a database with a log of `deliveries` rows fast: prepared statements,
 * one transaction per batch, straight into the schema's tables (webhooks,
 * outbox, deliveries, delivery_attempts). Deliveries are spread over the last
 * `days` days (inside the retention window, so nothing is pruned meanwhile),
 * over `webhooks` webhooks, with a realistic mix of statuses.
 */
import { createHash } from 'node:crypto';
import type { Sqlite } from '../../main/core/store/database.js';
import { ID_PREFIXES, type IdKind } from '../../main/core/ids.js';
import { storeHeaders } from '../../main/core/store/attempt-headers.js';
import { storeData } from '../../main/core/store/event-data.js';
import { USER_AGENT } from '../../main/core/dispatcher/http-sender.js';

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
let serial = 0;

/**
 * Ids of the app's own shape (prefix, 10 time characters, 16 more) with a serial
 * number instead of random bytes: a million calls to randomBytes would cost the
 * seeding more than the inserts.
 */
function seedId(kind: IdKind, ms: number): string {
  let time = '';
  let rest = Math.floor(ms);
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[rest % 32] + time;
    rest = Math.floor(rest / 32);
  }
  let tail = '';
  let n = ++serial;
  for (let i = 0; i < 16; i++) {
    tail = CROCKFORD[n % 32] + tail;
    n = Math.floor(n / 32);
  }
  return `${ID_PREFIXES[kind]}_${time}${tail}`;
}

/** A signature's shape (base64 of 32 bytes, as random as an HMAC's), not a real one: the log never checks it. */
function signature(deliveryId: string): string {
  return createHash('sha256').update(deliveryId).digest('base64');
}

export interface SeedOptions {
  deliveries: number;
  webhooks?: number;
  days?: number;
  now: number;
  batch?: number;
  receiverUrl?: string;
}

export interface SeededLog {
  webhookIds: string[];
  events: number;
  deliveries: number;
  from: number;
  to: number;
}

/** 90 % success, then error, retrying, failed, skipped and pending. */
const STATUS_MIX: [string, number][] = [
  ['success', 0.9],
  ['error', 0.03],
  ['retrying', 0.02],
  ['failed', 0.02],
  ['skipped', 0.02],
  ['pending', 0.01],
];
const EVENT_TYPES = [
  'task.created',
  'task.updated',
  'client.created',
  'invoice.created',
  'invoice.paid',
  'project.created',
];

function statusFor(i: number): string {
  // A deterministic spread: the fractional part of i × golden ratio is uniform.
  const x = (i * 0.6180339887498949) % 1;
  let acc = 0;
  for (const [status, share] of STATUS_MIX) {
    acc += share;
    if (x < acc) return status;
  }
  return 'success';
}

export function seedLog(sqlite: Sqlite, options: SeedOptions): SeededLog {
  const webhookCount = options.webhooks ?? 4;
  const days = options.days ?? 28;
  const batch = options.batch ?? 20_000;
  const to = options.now - 60_000;
  const from = to - days * 24 * 3600_000;
  const url = options.receiverUrl ?? 'http://127.0.0.1:9/hook';

  const webhookIds: string[] = [];
  const insertWebhook = sqlite.prepare(
    `INSERT INTO webhooks (id, name, url, events, enabled, secret, source, created_at, updated_at)
     VALUES (?, ?, ?, '["*"]', 1, ?, 'app', ?, ?)`,
  );
  for (let w = 0; w < webhookCount; w++) {
    const id = seedId('webhook', from - 1000 + w);
    insertWebhook.run(
      id,
      `bench ${w + 1}`,
      url,
      'whsec_' + Buffer.alloc(32, w + 1).toString('base64'),
      from,
      from,
    );
    webhookIds.push(id);
  }

  const insertEvent = sqlite.prepare(
    'INSERT INTO outbox (id, type, payload, packed, payload_form, created_at, fanned_out_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertDelivery = sqlite.prepare(
    `INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempt, response_code, duration_ms,
       next_attempt_at, last_error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAttempt = sqlite.prepare(
    `INSERT INTO delivery_attempts (delivery_seq, attempt, started_at, request_headers, standard_headers, signatures,
       response_code, response_body, duration_ms, error, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  // A bulk load: no fsync, the journal in memory; the file is whole once it returns.
  const journalMode = sqlite.pragma('journal_mode', { simple: true }) as string;
  sqlite.pragma('journal_mode = MEMORY');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('cache_size = -262144');

  const events = Math.ceil(options.deliveries / webhookCount);
  const step = (to - from) / events;
  let made = 0;
  const writeBatch = sqlite.transaction((first: number, last: number) => {
    for (let e = first; e < last; e++) {
      const at = Math.floor(from + e * step);
      const type = EVENT_TYPES[e % EVENT_TYPES.length];
      const eventId = seedId('event', at);
      // As Outbox.record stores them: the data only, packed when smaller (store/event-data.ts).
      const stored = storeData(
        JSON.stringify({
          id: seedId('task', at),
          title: `Task number ${e}`,
          status: 'open',
          description: 'Seeded by the bench',
        }),
      );
      insertEvent.run(eventId, type, stored.payload, stored.packed, stored.form, at, at);
      for (let w = 0; w < webhookCount && made < options.deliveries; w++, made++) {
        const status = statusFor(made);
        const attempted = status !== 'pending' && status !== 'skipped';
        const ok = status === 'success';
        const id = seedId('delivery', at);
        const code = attempted ? (ok ? 200 : 500) : null;
        const { lastInsertRowid: seq } = insertDelivery.run(
          id,
          webhookIds[w],
          eventId,
          type,
          status,
          attempted ? 1 : 0,
          code,
          attempted ? 12 : null,
          status === 'retrying' || status === 'pending' ? to + 3600_000 : null,
          ok || !attempted ? null : 'HTTP 500',
          at,
          at,
        );
        if (attempted) {
          // As the dispatcher stores them (store/attempt-headers.ts): the signature; the rest is derived.
          const headers = storeHeaders(
            {
              'content-type': 'application/json',
              'user-agent': USER_AGENT,
              'webhook-id': eventId,
              'webhook-timestamp': String(Math.floor(at / 1000)),
              'webhook-signature': `v1,${signature(id)}`,
            },
            eventId,
            at,
          );
          insertAttempt.run(
            seq,
            1,
            at,
            headers.json,
            headers.standard,
            headers.signatures,
            code,
            ok ? 'ok' : 'Internal Server Error',
            12,
            ok ? null : 'HTTP 500',
            ok ? 'success' : 'error',
          );
        }
      }
    }
  });
  for (let e = 0; e < events; e += batch / webhookCount) {
    writeBatch(e, Math.min(events, e + batch / webhookCount));
  }
  sqlite.pragma(`journal_mode = ${journalMode}`);
  // Back in WAL, a checkpoint (the caller's, or the app's) is refused as "database table is
  // locked" until the connection has opened the WAL in a write transaction: an empty one does it.
  sqlite.exec('BEGIN IMMEDIATE; COMMIT');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('cache_size = -2000');
  return { webhookIds, events, deliveries: made, from, to };
}
