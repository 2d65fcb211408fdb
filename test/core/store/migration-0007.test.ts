/**
 * Migration 0007 (the index diet) on a database made by the schema before it: the migrations up
 * to 0006 create it and rows are written the way that version wrote them; opening it with every
 * migration moves them. The log then reads them back as they were: the attempts' headers whole
 * (the derived ones rebuilt, in the order they were sent), an attempt stored without the standard
 * headers kept as it was, the deliveries' pages and the per-day chart unchanged.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { USER_AGENT } from '../../../main/core/dispatcher/http-sender.js';
import { openStore } from '../../../main/core/store/database.js';
import { createOutgoingStore } from '../../../main/core/store/outgoing-store.js';
import { migrationsThrough } from '../../support/migrations.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const T = 1_796_000_000_123;
const sent = {
  'content-type': 'application/json',
  'user-agent': USER_AGENT,
  'webhook-id': 'evt_01',
  'webhook-timestamp': String(Math.floor(T / 1000)),
  'webhook-signature': 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  'x-auth': '(hidden)',
};
const olderAgent = { ...sent, 'user-agent': 'dVersum-Webhooks/0.9' };

describe('migration 0007_index_diet', () => {
  it('moves the rows of a database made before it, and the log reads them as they were', () => {
    dir = mkdtempSync(join(tmpdir(), 'dversum-0007-'));
    const file = join(dir, 'dversum.db');
    const before = openStore(file, { migrationsFolder: migrationsThrough(dir, 6) });
    before.sqlite.exec(`
      INSERT INTO webhooks (id, name, url, events, enabled, secret, source, created_at, updated_at)
        VALUES ('whk_a', 'a', 'http://127.0.0.1:9/a', '["*"]', 1, 'whsec_x', 'app', ${T}, ${T});
      INSERT INTO outbox (id, type, payload, created_at, fanned_out_at)
        VALUES ('evt_01', 'task.created', '{"id":"evt_01"}', ${T}, ${T}), ('evt_02', 'task.created', '{"id":"evt_02"}', ${T}, NULL);
      INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempt, response_code, duration_ms,
          next_attempt_at, last_error, manual, created_at, updated_at)
        VALUES ('dlv_01', 'whk_a', 'evt_01', 'task.created', 'retrying', 3, 500, 7, ${T + 60_000}, 'HTTP 500', 0, ${T}, ${T}),
               ('dlv_02', 'whk_a', 'evt_02', 'task.created', 'success', 1, 200, 5, NULL, NULL, 0, ${T + 1}, ${T + 1});`);
    const attempt = before.sqlite.prepare(
      `INSERT INTO delivery_attempts (id, delivery_id, attempt, started_at, request_headers, response_code, response_body,
         duration_ms, error, outcome) VALUES (?, 'dlv_01', ?, ${T}, ?, ?, ?, 7, ?, ?)`,
    );
    attempt.run('att_01', 1, JSON.stringify(sent), 500, 'boom', 'HTTP 500', 'error');
    attempt.run('att_02', 2, '{}', null, null, 'could not send: no secret', 'error');
    attempt.run('att_03', 3, JSON.stringify(olderAgent), 500, 'boom', 'HTTP 500', 'error');
    before.close();

    const after = openStore(file);
    try {
      const log = createOutgoingStore(after);
      expect(log.attempts.forDelivery('dlv_01')).toEqual([
        {
          deliveryId: 'dlv_01',
          attempt: 1,
          startedAt: T,
          requestHeaders: sent,
          responseCode: 500,
          responseBody: 'boom',
          durationMs: 7,
          error: 'HTTP 500',
          outcome: 'error',
        },
        {
          deliveryId: 'dlv_01',
          attempt: 2,
          startedAt: T,
          requestHeaders: {},
          responseCode: null,
          responseBody: null,
          durationMs: 7,
          error: 'could not send: no secret',
          outcome: 'error',
        },
        {
          deliveryId: 'dlv_01',
          attempt: 3,
          startedAt: T,
          requestHeaders: olderAgent,
          responseCode: 500,
          responseBody: 'boom',
          durationMs: 7,
          error: 'HTTP 500',
          outcome: 'error',
        },
      ]);
      // The order the headers were sent in, not only the same set.
      expect(Object.keys(log.attempts.forDelivery('dlv_01')[0].requestHeaders)).toEqual(Object.keys(sent));
      // Only what cannot be derived is left in the row.
      const stored = after.sqlite
        .prepare('SELECT request_headers AS h, standard_headers AS s FROM delivery_attempts ORDER BY seq')
        .all();
      expect(stored).toEqual([
        {
          h: '{"webhook-signature":"v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=","x-auth":"(hidden)"}',
          s: 1,
        },
        { h: '{}', s: 0 },
        { h: JSON.stringify(olderAgent), s: 0 },
      ]);
      expect(log.log.page({}, 10).map((row) => [row.id, row.status, row.nextAttemptAt])).toEqual([
        ['dlv_02', 'success', null],
        ['dlv_01', 'retrying', T + 60_000],
      ]);
      expect(log.log.page({ webhookId: 'whk_a', status: 'retrying' }, 10).map((row) => row.id)).toEqual([
        'dlv_01',
      ]);
      expect(log.deliveries.countWaiting()).toBe(1);
      expect(log.deliveries.earliestAfter(T)).toBe(T + 60_000);
      expect(log.deliveries.due('whk_a', T + 60_000, 4).map((row) => [row.id, row.payload])).toEqual([
        ['dlv_01', '{"id":"evt_01"}'],
      ]);
      expect(log.events.toFanOut(10).map((event) => event.id)).toEqual(['evt_02']);
      // A new attempt goes on after the moved ones.
      log.attempts.insert({
        deliveryId: 'dlv_01',
        eventId: 'evt_01',
        attempt: 4,
        startedAt: T,
        requestHeaders: sent,
        responseCode: 200,
        responseBody: '',
        durationMs: 3,
        error: null,
        outcome: 'success',
      });
      expect(log.attempts.forDelivery('dlv_01').map((a) => [a.attempt, a.requestHeaders])).toEqual([
        [1, sent],
        [2, {}],
        [3, olderAgent],
        [4, sent],
      ]);
      expect(after.sqlite.pragma('foreign_key_check')).toEqual([]);
    } finally {
      after.close();
    }
  });
});
