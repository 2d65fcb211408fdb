/**
 * Migration 0010 (an attempt refers to its delivery's `seq`, not its id; `deliveries_created_idx`
 * goes) on a database made by the schema before it: the migrations up to 0009 create it and rows
 * are written the way that version wrote them. After it, every delivery keeps its rowid as `seq`
 * and every attempt refers to the delivery it referred to before; the log reads them back as they
 * were, and a delivery's deletion (retention, a webhook's) still takes its attempts with it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { USER_AGENT } from '../../../main/core/dispatcher/http-sender.js';
import { storeHeaders } from '../../../main/core/store/attempt-headers.js';
import { openStore } from '../../../main/core/store/database.js';
import { createOutgoingStore } from '../../../main/core/store/outgoing-store.js';
import { migrationsThrough } from '../../support/migrations.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const T = 1_796_000_000_123;
const signed = (eventId: string, at: number, signature: string) => ({
  'content-type': 'application/json',
  'user-agent': USER_AGENT,
  'webhook-id': eventId,
  'webhook-timestamp': String(Math.floor(at / 1000)),
  'webhook-signature': `v1,${signature}`,
});
/** What 0009's dispatcher stored: the signature as bytes (set 2), a static header kept whole (set 1), or all (0). */
const sent = {
  first: signed('evt_01', T, 'K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='),
  second: {
    ...signed('evt_01', T + 60_000, 'Zm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyZm9vYmFyMTI='),
    'x-auth': '(hidden)',
  },
  third: { 'x-only': 'stored whole' },
  fourth: signed('evt_03', T + 3, 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8='),
};

describe('migration 0010_delivery_seq', () => {
  it('keeps every delivery (its rowid as seq) and every attempt on its delivery, and the log reads them as they were', () => {
    dir = mkdtempSync(join(tmpdir(), 'dversum-0010-'));
    const file = join(dir, 'dversum.db');
    const before = openStore(file, { migrationsFolder: migrationsThrough(dir, 9) });
    before.sqlite.exec(`
      INSERT INTO webhooks (id, name, url, events, enabled, secret, source, created_at, updated_at)
        VALUES ('whk_a', 'a', 'http://127.0.0.1:9/a', '["*"]', 1, 'whsec_x', 'app', ${T}, ${T}),
               ('whk_b', 'b', 'http://127.0.0.1:9/b', '["*"]', 1, 'whsec_y', 'app', ${T}, ${T});
      INSERT INTO outbox (id, type, payload, payload_form, created_at, fanned_out_at)
        VALUES ('evt_01', 'task.created', '{"id":"tsk_1"}', 1, ${T}, ${T}),
               ('evt_02', 'task.created', '{"id":"tsk_2"}', 1, ${T + 1}, ${T + 1}),
               ('evt_03', 'invoice.paid', '{"id":"inv_1"}', 1, ${T + 2}, ${T + 2});
      INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempt, response_code, duration_ms,
          next_attempt_at, last_error, manual, created_at, updated_at)
        VALUES ('dlv_01', 'whk_a', 'evt_01', 'task.created', 'success', 2, 200, 7, NULL, NULL, 0, ${T}, ${T + 60_000}),
               ('dlv_gone', 'whk_a', 'evt_02', 'task.created', 'success', 1, 200, 5, NULL, NULL, 0, ${T + 1}, ${T + 1}),
               ('dlv_02', 'whk_a', 'evt_02', 'task.created', 'retrying', 1, 500, 5, ${T + 90_000}, 'HTTP 500', 1, ${T + 1}, ${T + 1}),
               ('dlv_04', 'whk_b', 'evt_03', 'invoice.paid', 'success', 1, 200, 9, NULL, NULL, 0, ${T + 3}, ${T + 3});
      -- A gap in the rowids (retention deleted one): seq is each row's own rowid, not its rank.
      DELETE FROM deliveries WHERE id = 'dlv_gone';
    `);
    const insertAttempt = before.sqlite.prepare(
      `INSERT INTO delivery_attempts (delivery_id, attempt, started_at, request_headers, standard_headers, signatures,
         response_code, response_body, duration_ms, error, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const attempt = (
      deliveryId: string,
      eventId: string,
      n: number,
      at: number,
      headers: Record<string, string>,
      ok: boolean,
    ) => {
      const stored = storeHeaders(headers, eventId, at);
      insertAttempt.run(
        deliveryId,
        n,
        at,
        stored.json,
        stored.standard,
        stored.signatures,
        ok ? 200 : 500,
        ok ? 'ok' : 'boom',
        7,
        ok ? null : 'HTTP 500',
        ok ? 'success' : 'error',
      );
    };
    // Written out of delivery order, so an attempt's seq says nothing of its delivery's.
    attempt('dlv_04', 'evt_03', 1, T + 3, sent.fourth, true);
    attempt('dlv_01', 'evt_01', 1, T, sent.first, false);
    attempt('dlv_02', 'evt_02', 1, T + 1, sent.third, false);
    attempt('dlv_01', 'evt_01', 2, T + 60_000, sent.second, true);
    const rowsBefore = {
      deliveries: before.sqlite.prepare('SELECT rowid AS old_rowid, * FROM deliveries ORDER BY id').all() as {
        old_rowid: number;
      }[],
      attempts: before.sqlite.prepare('SELECT * FROM delivery_attempts ORDER BY seq').all(),
    };
    expect(rowsBefore.deliveries.map((row) => row.old_rowid)).toEqual([1, 3, 4]);
    expect(
      before.sqlite
        .prepare("SELECT count(*) FROM sqlite_master WHERE name = 'deliveries_created_idx'")
        .pluck()
        .get(),
    ).toBe(1);
    before.close();

    const after = openStore(file);
    try {
      // Every delivery as it was, its rowid now named seq.
      expect(after.sqlite.prepare('SELECT * FROM deliveries ORDER BY id').all()).toEqual(
        rowsBefore.deliveries.map(({ old_rowid, ...row }) => ({ seq: old_rowid, ...row })),
      );
      // Every attempt as it was (its own seq too), on the delivery it was on.
      expect(
        after.sqlite
          .prepare(
            `SELECT a.*, d.id AS delivery_id FROM delivery_attempts a JOIN deliveries d ON d.seq = a.delivery_seq
              ORDER BY a.seq`,
          )
          .all()
          .map((row) => {
            const { delivery_seq: _seq, ...rest } = row as { delivery_seq: number };
            return rest;
          }),
      ).toEqual(rowsBefore.attempts);
      expect(after.sqlite.prepare('SELECT count(*) FROM delivery_attempts').pluck().get()).toBe(4);
      expect(after.sqlite.pragma('foreign_key_check')).toEqual([]);
      expect(after.sqlite.pragma('foreign_key_list(delivery_attempts)')).toEqual([
        expect.objectContaining({
          table: 'deliveries',
          from: 'delivery_seq',
          to: 'seq',
          on_delete: 'CASCADE',
        }),
      ]);
      expect(
        after.sqlite
          .prepare("SELECT name FROM sqlite_master WHERE tbl_name = 'deliveries' AND name LIKE '%created%'")
          .all(),
      ).toEqual([]);

      const log = createOutgoingStore(after);
      // The log's detail: each delivery's attempts in order, their headers as they were sent.
      expect(
        log.attempts.forDelivery('dlv_01').map((a) => [a.deliveryId, a.attempt, a.requestHeaders]),
      ).toEqual([
        ['dlv_01', 1, sent.first],
        ['dlv_01', 2, sent.second],
      ]);
      expect(log.attempts.forDelivery('dlv_02').map((a) => a.requestHeaders)).toEqual([sent.third]);
      expect(log.attempts.forDelivery('dlv_04').map((a) => a.requestHeaders)).toEqual([sent.fourth]);
      // The rate limit's and the failing streak's counts, by time and then the delivery's webhook.
      expect(log.attempts.recentStarts('whk_a', T - 1)).toEqual([T, T + 1, T + 60_000]);
      expect(log.attempts.failedSince('whk_a', T - 1)).toBe(1); // dlv_02's is the owner's resend

      // A new attempt lands on its delivery; a new delivery takes a seq after the others.
      log.attempts.insert({
        deliveryId: 'dlv_02',
        eventId: 'evt_02',
        attempt: 2,
        startedAt: T + 90_000,
        requestHeaders: signed('evt_02', T + 90_000, 'K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='),
        responseCode: 200,
        responseBody: 'ok',
        durationMs: 3,
        error: null,
        outcome: 'success',
      });
      expect(log.attempts.forDelivery('dlv_02').map((a) => [a.attempt, a.outcome])).toEqual([
        [1, 'error'],
        [2, 'success'],
      ]);
      log.deliveries.insert({
        id: 'dlv_05',
        webhookId: 'whk_b',
        eventId: 'evt_03',
        eventType: 'invoice.paid',
        status: 'pending',
        nextAttemptAt: T + 4,
        lastError: null,
        manual: false,
        now: T + 4,
      });
      expect(after.sqlite.prepare("SELECT seq FROM deliveries WHERE id = 'dlv_05'").pluck().get()).toBe(5);

      // Retention deletes a delivery by its position: its attempts go with it, no other's.
      log.retention.deleteDelivery(1);
      expect(log.attempts.forDelivery('dlv_01')).toEqual([]);
      expect(after.sqlite.prepare('SELECT count(*) FROM delivery_attempts').pluck().get()).toBe(3);
      // A webhook's deletion takes its deliveries and their attempts.
      after.sqlite.prepare("DELETE FROM webhooks WHERE id = 'whk_b'").run();
      expect(after.sqlite.prepare('SELECT id FROM deliveries ORDER BY id').pluck().all()).toEqual(['dlv_02']);
      expect(after.sqlite.prepare('SELECT count(*) FROM delivery_attempts').pluck().get()).toBe(2);
    } finally {
      after.close();
    }
  });
});
