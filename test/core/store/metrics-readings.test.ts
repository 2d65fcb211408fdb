/**
 * What a scrape of /metrics reads stays bounded as the log grows: each query's
 * plan (EXPLAIN QUERY PLAN) seeks or ranges an index over waiting rows, never
 * scans the deliveries or the outbox; only the webhooks table, the label set
 * itself, is read whole. Checked on a log of 20,000 deliveries after ANALYZE,
 * so the planner has the statistics it would have on a busy install.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { storeOf } from '../../../main/core/store/database.js';
import {
  metricsQueries,
  SqliteMetricsReadings,
} from '../../../main/core/store/repositories/metrics-readings.js';
import { openHarness, type Harness } from '../../support/core.js';

let h: Harness;
afterEach(() => h?.close());

const ROWS = 20_000;

async function busyLog() {
  h = openHarness();
  const hook = (await h.call('webhooks.create', {
    name: 'n8n',
    url: 'http://127.0.0.1:9/hook',
    events: ['*'],
  })) as {
    id: string;
  };
  const { sqlite } = storeOf(h.core.store);
  // Every 1,000th delivery still waits; the rest were sent.
  sqlite
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempt, next_attempt_at, manual, created_at, updated_at)
       SELECT printf('dlv_%08d', i), ?, printf('evt_%08d', i), 'task.created',
              CASE WHEN i % 1000 = 0 THEN 'retrying' ELSE 'success' END, 1,
              CASE WHEN i % 1000 = 0 THEN 1000000 + i END, 0, i, i FROM n`,
    )
    .run(ROWS, hook.id);
  sqlite
    .prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO outbox (id, type, payload, created_at, fanned_out_at)
       SELECT printf('evt_%08d', i), 'task.created', '{}', i, CASE WHEN i % 1000 = 0 THEN NULL ELSE i END FROM n`,
    )
    .run(ROWS);
  sqlite.exec('ANALYZE');
  return { sqlite, webhookId: hook.id };
}

describe('metrics readings', () => {
  it('no query walks the deliveries or the outbox: index seeks and ranges only', async () => {
    const { sqlite } = await busyLog();
    const queries = metricsQueries(storeOf(h.core.store).db);
    const plans = Object.fromEntries(
      Object.entries(queries).map(([name, query]) => {
        const { sql, params } = query.toSQL();
        const bound = params.map((param) => (typeof param === 'object' ? 'whk_x' : param));
        const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...bound) as { detail: string }[];
        return [name, rows.map((row) => row.detail).join(' | ')];
      }),
    );
    expect(plans).toEqual({
      webhookIds: expect.stringMatching(/^SCAN webhooks/),
      oldestWaiting: 'SEARCH deliveries USING INDEX deliveries_webhook_waiting_idx (webhook_id=?)',
      held: 'SEARCH deliveries USING COVERING INDEX deliveries_due_idx (next_attempt_at>?)',
      outboxBacklog: 'SEARCH outbox USING COVERING INDEX outbox_pending_idx (fanned_out_at=?)',
    });
  });

  it('reads what the rows say', async () => {
    const { sqlite, webhookId } = await busyLog();
    const readings = new SqliteMetricsReadings(storeOf(h.core.store));
    expect(readings.webhookIds()).toEqual([webhookId]);
    expect(readings.heldCount()).toBe(ROWS / 1000);
    expect(readings.oldestWaitingCreatedAt(webhookId)).toBe(1000);
    expect(readings.oldestWaitingCreatedAt('whk_none')).toBeUndefined();
    expect(readings.outboxBacklog()).toBe(ROWS / 1000);
    const pages = Number(sqlite.pragma('page_count', { simple: true }));
    expect(readings.databaseBytes()).toBe(pages * Number(sqlite.pragma('page_size', { simple: true })));
  });
});
