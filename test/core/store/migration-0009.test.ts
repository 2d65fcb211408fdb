/**
 * Migration 0009 (the outbox keeps only `data`) on a database made by the schema before it: the
 * migrations up to 0008 create it and events are written the way that version wrote them, the
 * whole body in `payload`. After it, every reader gets the same bytes as before (the signature
 * covers them: a retry or a redelivery of an event written before the migration sends what its
 * first send did); a row whose body is not the envelope rebuilt from its columns stays whole.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../main/core/store/database.js';
import { createOutgoingStore } from '../../../main/core/store/outgoing-store.js';
import { migrationsThrough } from '../../support/migrations.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const T = 1_796_000_000_023;
const iso = (ms: number) => new Date(ms).toISOString();
const body = (id: string, type: string, at: number, data: unknown) =>
  JSON.stringify({ id, type, timestamp: iso(at), data });

const bodies = {
  // As 0008's Outbox.record wrote them.
  evt_01: body('evt_01', 'task.created', T, { id: 'tsk_1', title: 'Call “Ada”', note: 'a "b"\n\u2028' }),
  evt_02: body('evt_02', 'invoice.paid', T + 1, { id: 'inv_1', total: 1.5e-7, items: [] }),
  // Not the envelope its columns rebuild (another timestamp, other keys, another order): kept whole.
  evt_03: body('evt_03', 'task.created', T + 5, { id: 'tsk_3' }),
  evt_04: '{"id":"evt_04"}',
  evt_05: JSON.stringify({ type: 'task.created', id: 'evt_05', timestamp: iso(T), data: {} }),
  // An epoch-aligned millisecond and an empty object.
  evt_06: body('evt_06', 'task.deleted', 1_796_000_000_000, {}),
};
const createdAt: Record<string, number> = {
  evt_01: T,
  evt_02: T + 1,
  evt_03: T, // its body says T + 5
  evt_04: T,
  evt_05: T,
  evt_06: 1_796_000_000_000,
};

describe('migration 0009_outbox_data', () => {
  it('keeps only the data of events written before it, and every reader gets the same bytes', () => {
    dir = mkdtempSync(join(tmpdir(), 'dversum-0009-'));
    const file = join(dir, 'dversum.db');
    const before = openStore(file, { migrationsFolder: migrationsThrough(dir, 8) });
    before.sqlite.exec(`INSERT INTO webhooks (id, name, url, events, enabled, secret, source, created_at, updated_at)
        VALUES ('whk_a', 'a', 'http://127.0.0.1:9/a', '["*"]', 1, 'whsec_x', 'app', ${T}, ${T})`);
    const insertEvent = before.sqlite.prepare(
      'INSERT INTO outbox (id, type, payload, created_at, fanned_out_at) VALUES (?, ?, ?, ?, ?)',
    );
    for (const [id, payload] of Object.entries(bodies)) {
      const type = id === 'evt_02' ? 'invoice.paid' : id === 'evt_06' ? 'task.deleted' : 'task.created';
      insertEvent.run(id, type, payload, createdAt[id], createdAt[id]);
    }
    before.sqlite.exec(`INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempt, response_code,
        duration_ms, next_attempt_at, last_error, manual, created_at, updated_at)
      VALUES ('dlv_01', 'whk_a', 'evt_01', 'task.created', 'retrying', 1, 500, 7, ${T + 60_000}, 'HTTP 500', 0, ${T}, ${T}),
             ('dlv_02', 'whk_a', 'evt_02', 'invoice.paid', 'success', 1, 200, 5, NULL, NULL, 1, ${T + 1}, ${T + 2})`);
    before.sqlite.exec(`INSERT INTO delivery_attempts (delivery_id, attempt, started_at, request_headers, standard_headers,
        response_code, response_body, duration_ms, error, outcome)
      VALUES ('dlv_01', 1, ${T}, '{"webhook-signature":"v1,x"}', 1, 500, 'boom', 7, 'HTTP 500', 'error'),
             ('dlv_02', 1, ${T + 1}, '{"x-a":"b"}', 0, 200, 'ok', 5, NULL, 'success')`);
    const rowsBefore = {
      deliveries: before.sqlite.prepare('SELECT * FROM deliveries ORDER BY id').all(),
      attempts: before.sqlite.prepare('SELECT * FROM delivery_attempts ORDER BY seq').all(),
    };
    before.close();

    const after = openStore(file);
    try {
      const forms = after.sqlite
        .prepare('SELECT id, payload_form AS form, payload, packed FROM outbox ORDER BY seq')
        .all();
      expect(forms).toEqual([
        { id: 'evt_01', form: 1, payload: '{"id":"tsk_1","title":"Call “Ada”","note":"a \\"b\\"\\n\u2028"}', packed: null },
        { id: 'evt_02', form: 1, payload: '{"id":"inv_1","total":1.5e-7,"items":[]}', packed: null },
        { id: 'evt_03', form: 0, payload: bodies.evt_03, packed: null },
        { id: 'evt_04', form: 0, payload: bodies.evt_04, packed: null },
        { id: 'evt_05', form: 0, payload: bodies.evt_05, packed: null },
        { id: 'evt_06', form: 1, payload: '{}', packed: null },
      ]);
      // The deliveries and their attempts as they were (the attempts gain an empty `signatures`; 0010
      // names each delivery's rowid `seq` and has its attempts refer to it instead of the id).
      expect(
        after.sqlite
          .prepare('SELECT * FROM deliveries ORDER BY id')
          .all()
          .map((row) => {
            const { seq, ...rest } = row as { seq: unknown };
            expect(seq).toEqual(expect.any(Number));
            return rest;
          }),
      ).toEqual(rowsBefore.deliveries);
      expect(
        after.sqlite
          .prepare(
            'SELECT a.*, d.id AS delivery_id FROM delivery_attempts a JOIN deliveries d ON d.seq = a.delivery_seq ORDER BY a.seq',
          )
          .all()
          .map((row) => {
            const { signatures, delivery_seq: _seq, ...rest } = row as { signatures: unknown; delivery_seq: unknown };
            expect(signatures).toBe(null);
            return rest;
          }),
      ).toEqual(rowsBefore.attempts);
      expect(after.sqlite.pragma('foreign_key_check')).toEqual([]);
      const log = createOutgoingStore(after);
      // A webhook's deletion still takes its deliveries and their attempts with it.
      expect(log.attempts.forDelivery('dlv_02')).toHaveLength(1);
      for (const [id, payload] of Object.entries(bodies)) expect(log.events.payload(id)).toBe(payload);
      expect(log.events.payloads(Object.keys(bodies))).toEqual(new Map(Object.entries(bodies)));
      // The retry of the event written before: the body its first attempt sent.
      expect(log.deliveries.due('whk_a', T + 60_000, 4).map((row) => [row.id, row.payload])).toEqual([
        ['dlv_01', bodies.evt_01],
      ]);
      expect(log.deliveries.head('whk_a')?.payload).toBe(bodies.evt_01);
      expect(
        log.events.feed({ afterSeq: null, types: ['task.created', 'invoice.paid', 'task.deleted'], limit: 10, order: 'asc' }),
      ).toEqual(Object.entries(bodies).map(([id, payload], i) => ({ seq: i + 1, id, payload })));
      after.sqlite.prepare("DELETE FROM webhooks WHERE id = 'whk_a'").run();
      expect(after.sqlite.prepare('SELECT count(*) FROM delivery_attempts').pluck().get()).toBe(0);
    } finally {
      after.close();
    }
  });
});
