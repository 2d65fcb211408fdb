/**
 * Every index on the delivery log's tables (deliveries, delivery_attempts, outbox) is there for a
 * query that runs, and every such query is an index seek or a range, never a walk of the log:
 * each repository method the log, the dispatcher, retention and the feed call is run on a log of
 * 20,000 deliveries, the SQL it prepared is captured as better-sqlite3 receives it, and its
 * EXPLAIN QUERY PLAN is checked. An index no query uses fails the test, and so does a query that
 * scans a table (a scan of a partial index, which holds only rows still waiting, is bounded by
 * what waits and allowed). The metrics readings' plans are pinned in metrics-readings.test.ts; here
 * they only count toward the indexes used. No ANALYZE: a user's database has no statistics either.
 */
import type { Statement } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../main/core/store/database.js';
import { createOutgoingStore } from '../../../main/core/store/outgoing-store.js';
import { metricsQueries } from '../../../main/core/store/repositories/metrics-readings.js';
import { FIRST_DELIVERY, FIRST_EVENT } from '../../../main/core/store/repositories/retention.js';

const ROWS = 20_000;
const TABLES = ['deliveries', 'delivery_attempts', 'outbox'];

let store: Store | undefined;
afterEach(() => store?.close());

interface Captured {
  sql: string;
  params: unknown[];
}

/** A store whose statements are recorded, with their parameters, the first time each runs. */
function capturingStore(): { store: Store; take(): Captured[]; explain(sql: string): Statement } {
  const opened = openStore(':memory:');
  const seen: Captured[] = [];
  const prepare = opened.sqlite.prepare.bind(opened.sqlite);
  opened.sqlite.prepare = ((source: string) => {
    const statement = prepare(source);
    for (const method of ['all', 'get', 'run', 'iterate'] as const) {
      const original = statement[method].bind(statement) as (...args: unknown[]) => unknown;
      Object.defineProperty(statement, method, {
        value: (...args: unknown[]) => {
          seen.push({ sql: source, params: args });
          return original(...args);
        },
      });
    }
    return statement;
  }) as typeof opened.sqlite.prepare;
  // The plans are read through the unwrapped prepare: they are no query of the app's.
  return { store: opened, take: () => seen.splice(0), explain: prepare };
}

function seed(s: Store): void {
  s.sqlite.exec(`INSERT INTO webhooks (id, name, url, events, enabled, secret, source, created_at, updated_at)
    VALUES ('whk_a', 'a', 'http://127.0.0.1:9/a', '["*"]', 1, 'whsec_x', 'app', 0, 0),
           ('whk_b', 'b', 'http://127.0.0.1:9/b', '["*"]', 1, 'whsec_x', 'app', 0, 0)`);
  s.sqlite
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO outbox (id, type, payload, created_at, fanned_out_at)
       SELECT printf('evt_%08d', i), 'task.created', '{}', i, CASE WHEN i % 1000 = 0 THEN NULL ELSE i END FROM n`,
    )
    .run(ROWS);
  // Every 1,000th delivery still waits, every 100th failed; the rest were sent.
  s.sqlite
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempt, next_attempt_at, manual, created_at, updated_at)
       SELECT printf('dlv_%08d', i), CASE WHEN i % 2 = 0 THEN 'whk_a' ELSE 'whk_b' END, printf('evt_%08d', i),
              CASE WHEN i % 10 = 0 THEN 'invoice.paid' ELSE 'task.created' END,
              CASE WHEN i % 1000 = 0 THEN 'retrying' WHEN i % 100 = 0 THEN 'failed' ELSE 'success' END, 1,
              CASE WHEN i % 1000 = 0 THEN 1000000 + i END, 0, i, i FROM n`,
    )
    .run(ROWS);
  s.sqlite
    .prepare(
      `INSERT INTO delivery_attempts (delivery_seq, attempt, started_at, request_headers, duration_ms, outcome)
       SELECT seq, 1, created_at, '{}', 1, 'success' FROM deliveries`,
    )
    .run();
}

/** Every repository call on the log's tables, by the name the plans are reported under. */
function queries(s: Store): Record<string, () => unknown> {
  const o = createOutgoingStore(s);
  const metrics = metricsQueries(s.db);
  const walk = { cutoff: 5000, limit: 100 };
  const page = (q: object) => () => o.log.page(q, 50);
  return {
    'deliveries.get': () => o.deliveries.get('dlv_00000010'),
    'deliveries.due': () => o.deliveries.due('whk_a', 2_000_000, 4),
    'deliveries.head': () => o.deliveries.head('whk_a'),
    'deliveries.dueIds': () => o.deliveries.dueIds('whk_a', 2_000_000, 1000),
    'deliveries.earliestAfter': () => o.deliveries.earliestAfter(0),
    'deliveries.afterAttempt': () =>
      o.deliveries.afterAttempt({
        id: 'dlv_00000010',
        status: 'success',
        attempt: 1,
        responseCode: 200,
        durationMs: 1,
        nextAttemptAt: null,
        lastError: null,
        updatedAt: 10,
      }),
    'deliveries.moveTo': () => o.deliveries.moveTo('dlv_00001000', 2_000_000, 10),
    'deliveries.skip': () => o.deliveries.skip('dlv_00001000', 10, 'disabled'),
    'deliveries.skipWaiting': () => o.deliveries.skipWaiting('whk_b', 10, 'disabled'),
    'deliveries.countWaiting': () => o.deliveries.countWaiting(),
    'deliveries.countFailingWebhooks': () => o.deliveries.countFailingWebhooks(),
    'deliveries.idForEvent': () => o.deliveries.idForEvent('evt_00000010', 'whk_a'),
    'log.page': page({}),
    'log.page webhook': page({ webhookId: 'whk_a' }),
    'log.page eventType': page({ eventType: 'invoice.paid' }),
    'log.page status success': page({ status: 'success' }),
    'log.page status failed': page({ status: 'failed' }),
    'log.page status error': page({ status: 'error' }),
    'log.page webhook status success': page({ webhookId: 'whk_a', status: 'success' }),
    'log.page webhook status failed': page({ webhookId: 'whk_a', status: 'failed' }),
    'log.page webhook status error': page({ webhookId: 'whk_a', status: 'error' }),
    'log.page webhook eventType': page({ webhookId: 'whk_a', eventType: 'invoice.paid' }),
    'log.page webhook range cursor': page({
      webhookId: 'whk_a',
      fromId: 'dlv_00000100',
      toId: 'dlv_00009000',
      cursor: 'dlv_00008000',
    }),
    'log.page range': page({ fromId: 'dlv_00000100', toId: 'dlv_00009000' }),
    'log.replayable one': () =>
      o.log.replayable('whk_a', ['failed'], { sinceId: 'dlv_00000000', untilId: null }),
    'log.replayable both': () =>
      o.log.replayable('whk_a', ['skipped', 'failed'], { sinceId: 'dlv_00000000', untilId: 'dlv_00009000' }),
    'log.perDay': () => o.log.perDay('whk_a', 19_000, 'dlv_00019000'),
    'attempts.insert': () =>
      o.attempts.insert({
        deliveryId: 'dlv_00000010',
        eventId: 'evt_00000010',
        attempt: 2,
        startedAt: 20_000,
        requestHeaders: { 'content-type': 'application/json' },
        responseCode: 200,
        responseBody: 'ok',
        durationMs: 1,
        error: null,
        outcome: 'success',
      }),
    'attempts.forDelivery': () => o.attempts.forDelivery('dlv_00000010'),
    'attempts.recentStarts': () => o.attempts.recentStarts('whk_a', 19_000),
    'attempts.failedSince': () => o.attempts.failedSince('whk_a', 19_000),
    'events.anyToFanOut': () => o.events.anyToFanOut(),
    'events.toFanOut': () => o.events.toFanOut(100),
    'events.markFannedOut': () => o.events.markFannedOut(1000, 10),
    'events.payload': () => o.events.payload('evt_00000010'),
    'events.payloads': () => o.events.payloads(['evt_00000010', 'evt_00000011']),
    'events.feedSeq': () => o.events.feedSeq('evt_00000010', ['task.created']),
    'events.feed asc': () =>
      o.events.feed({ afterSeq: 10, types: ['task.created'], limit: 50, order: 'asc' }),
    'events.feed desc': () =>
      o.events.feed({ afterSeq: null, types: ['task.created'], limit: 50, order: 'desc' }),
    'retention.deliveriesAfter': () => o.retention.deliveriesAfter({ ...walk, after: FIRST_DELIVERY }),
    'retention.deleteDelivery': () => o.retention.deleteDelivery(1),
    'retention.eventsAfter': () => o.retention.eventsAfter({ ...walk, after: FIRST_EVENT }),
    'retention.deleteEvent': () => o.retention.deleteEvent(1),
    ...Object.fromEntries(
      Object.entries(metrics)
        .filter(([name]) => name !== 'webhookIds') // the webhooks table, no table of the log
        .map(([name, query]) => [`metrics.${name}`, () => query.prepare().all({ webhookId: 'whk_a' })]),
    ),
  };
}

const plan = (explain: (sql: string) => Statement, { sql, params }: Captured): string[] =>
  (explain(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);

/** Each query's plan, its steps joined by " | ", for the statements that read one of TABLES. */
function plans(): { byName: Record<string, string>; s: Store } {
  const capture = capturingStore();
  store = capture.store;
  seed(capture.store);
  capture.take();
  const byName: Record<string, string> = {};
  for (const [name, run] of Object.entries(queries(capture.store))) {
    run();
    const statements = capture.take().filter((c) => TABLES.some((t) => c.sql.includes(`"${t}"`)));
    expect(statements, `${name} ran no statement on the log's tables`).not.toHaveLength(0);
    byName[name] = statements.map((c) => plan(capture.explain, c).join(' | ')).join(' || ');
  }
  return { byName, s: capture.store };
}

const indexesOf = (s: Store) =>
  s.sqlite
    .prepare(
      `SELECT name, tbl_name AS "table", sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('deliveries', 'delivery_attempts', 'outbox') ORDER BY name`,
    )
    .all() as { name: string; table: string; sql: string | null }[];

describe('the indexes on the delivery log', () => {
  it('every index is used by a query, and no query scans a table of the log', () => {
    const { byName, s } = plans();
    const indexes = indexesOf(s);
    const partial = new Set(
      indexes.filter((i) => i.sql !== null && / WHERE /.test(i.sql)).map((i) => i.name),
    );
    // A scan is allowed over a partial index (only what waits), or as the newest-first walk of a
    // page: in the index's own order (no sort), stopped by the page's LIMIT.
    const ordered = (name: string, detail: string) =>
      name.startsWith('log.page') && !detail.includes('TEMP B-TREE');
    const scans = Object.entries(byName).flatMap(([name, detail]) =>
      detail
        .split(/ \|\|? /)
        .filter((step) => {
          const m = /^SCAN (\w+)(?: USING (?:COVERING )?INDEX (\w+))?/.exec(step);
          if (m === null || !TABLES.includes(m[1])) return false;
          return !(m[2] && (partial.has(m[2]) || ordered(name, detail)));
        })
        .map((step) => `${name}: ${step}`),
    );
    expect(scans).toEqual([]);
    const used = new Set(
      Object.values(byName).flatMap((detail) =>
        [...detail.matchAll(/USING (?:COVERING )?INDEX (\w+)/g)].map((m) => m[1]),
      ),
    );
    // The attempts' cascade (retention deleting a delivery) seeks delivery_attempts_delivery_idx too;
    // EXPLAIN does not show a foreign key's actions, and attempts.forDelivery uses it anyway.
    const unused = indexes.map((i) => i.name).filter((name) => !used.has(name));
    expect(unused).toEqual([]);
  });

  it('lists every method of the repositories on the log, so a new query cannot escape the plans', () => {
    store = openStore(':memory:');
    const o = createOutgoingStore(store);
    // Methods that only insert rows, or delete by primary key, read through no index of their own.
    const writesOnly = new Set(['deliveries.insert', 'events.insert']);
    const repositories = {
      deliveries: o.deliveries,
      attempts: o.attempts,
      log: o.log,
      events: o.events,
      retention: o.retention,
    };
    const methods = Object.entries(repositories).flatMap(([name, repository]) =>
      Object.getOwnPropertyNames(Object.getPrototypeOf(repository))
        .filter((method) => method !== 'constructor')
        .map((method) => `${name}.${method}`),
    );
    const listed = new Set(Object.keys(queries(store)).map((name) => name.split(' ')[0]));
    expect(methods.filter((method) => !listed.has(method) && !writesOnly.has(method))).toEqual([]);
  });

  it('each query walks the index meant for it', () => {
    const { byName } = plans();
    expect(byName).toMatchSnapshot();
  });
});
