import { afterEach, describe, expect, it } from 'vitest';
import { failure, openHarness, testHost, type Harness } from '../../support/core.js';
import { answer, Receiver } from '../../support/receiver.js';
import { createHandlers } from '../../../main/core/handlers/index.js';
import { invokeOperation } from '../../../main/core/handlers/invoke.js';
import { parseCsv } from '../../support/csv.js';
import { storeOf } from '../../../main/core/store/database.js';

let h: Harness;
let receiver: Receiver;
afterEach(async () => {
  await h?.core.close();
  await receiver?.close();
});

const MIN = 60_000;

/** Two webhooks; events a minute apart; odd ones fail at the second webhook. */
async function populate(n: number) {
  receiver = await Receiver.start();
  const failing = await Receiver.start();
  failing.respond = answer(500, 'nope');
  h = openHarness();
  const a = await h.call('webhooks.create', { name: 'A', url: receiver.url, events: ['*'] });
  const b = await h.call('webhooks.create', { name: 'B', url: failing.url, events: ['invoice.paid'] });
  const start = h.clock.now();
  for (let i = 0; i < n; i++) {
    h.record(i % 2 ? 'invoice.paid' : 'task.created', { n: i, note: 'a "quoted", comma\nnew line' });
    await h.core.dispatcher.runDue();
    h.clock.advance(MIN);
  }
  await failing.close();
  return { a, b, start };
}

describe('the delivery log', () => {
  it('filters by webhook, event type, status and time, and pages by cursor, newest first', async () => {
    const { a, b, start } = await populate(10);
    const all = await h.call('log.list', { limit: 100 });
    expect(all.items).toHaveLength(15);
    expect(all.nextCursor).toBeUndefined();
    const ids = all.items.map((d: { id: string }) => d.id);
    expect([...ids].sort().reverse()).toEqual(ids);

    expect((await h.call('log.list', { webhookId: b.id })).items).toHaveLength(5);
    expect((await h.call('log.list', { webhookId: a.id, eventType: 'invoice.paid' })).items).toHaveLength(5);
    expect((await h.call('log.list', { status: 'retrying' })).items).toHaveLength(5);
    // `error` is the seed's word: retrying or failed.
    expect((await h.call('log.list', { status: 'error', webhookId: b.id })).items).toHaveLength(5);
    expect((await h.call('log.list', { status: 'success', webhookId: b.id })).items).toHaveLength(0);
    const window = await h.call('log.list', {
      from: new Date(start + 2 * MIN).toISOString(),
      to: new Date(start + 4 * MIN).toISOString(),
    });
    expect(window.items.map((d: { createdAt: string }) => d.createdAt)).toEqual([
      new Date(start + 4 * MIN).toISOString(),
      new Date(start + 3 * MIN).toISOString(),
      new Date(start + 3 * MIN).toISOString(),
      new Date(start + 2 * MIN).toISOString(),
    ]);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await h.call('log.list', { limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((d: { id: string }) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids);

    expect(await failure(h.call('log.list', { status: 'lost' }))).toMatchObject({ status: 422 });
  });

  it('get: payload, request headers and every attempt with the first KiB of its response', async () => {
    const { b } = await populate(2);
    h.clock.advance(MIN);
    const [item] = (await h.call('log.list', { webhookId: b.id })).items;
    const detail = await h.call('log.get', { id: item.id });
    expect(detail).toMatchObject({
      id: item.id,
      status: 'retrying',
      attempt: 1,
      payload: { type: 'invoice.paid', data: { n: 1 } },
      lastError: 'HTTP 500',
      attempts: [
        { attempt: 1, responseCode: 500, responseBody: 'nope', outcome: 'error', error: 'HTTP 500' },
      ],
    });
    expect(detail.requestHeaders).toMatchObject({
      'content-type': 'application/json',
      'webhook-id': item.eventId,
    });
    expect(await failure(h.call('log.get', { id: 'dlv_00000000000000000000000000' }))).toMatchObject({
      status: 404,
    });
  });

  it('redeliver sends the same event again with the same webhook-id, as a new delivery', async () => {
    const { a } = await populate(1);
    const [first] = (await h.call('log.list', {})).items;
    const { deliveryId } = await h.call('log.redeliver', { deliveryId: first.id });
    expect(deliveryId).not.toBe(first.id);
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].headers['webhook-id']).toBe(first.eventId);
    expect(receiver.received[1].body).toBe(receiver.received[0].body);
    expect(await h.call('log.get', { id: deliveryId })).toMatchObject({
      eventId: first.eventId,
      status: 'success',
    });
    await h.call('webhooks.setEnabled', { id: a.id, enabled: false });
    expect(await failure(h.call('log.redeliver', { deliveryId: first.id }))).toMatchObject({
      status: 409,
      message: 'Webhook A is disabled: enable it first, then redeliver',
    });
  });

  it('exports CSV (escaped) and NDJSON, streamed, with the filters', async () => {
    await populate(6);
    const csvChunks: string[] = [];
    const host = testHost(() => h.core, csvChunks);
    const handlers = createHandlers(h.core, host);
    expect(await invokeOperation(handlers, 'log.export', { format: 'csv' })).toEqual({ rows: 9 });
    const csv = csvChunks.join('');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'id,createdAt,webhookId,eventId,eventType,status,attempt,responseCode,durationMs,nextAttemptAt,lastError,payload',
    );
    // Quotes doubled, the field quoted, line breaks kept inside the quotes.
    expect(csv).toContain('""note"":""a \\""quoted\\"", comma\\nnew line""');
    expect(parseCsv(csv)).toHaveLength(10);
    expect(
      parseCsv(csv)
        .slice(1)
        .every((row) => row.length === 12),
    ).toBe(true);

    const ndChunks: string[] = [];
    const nd = createHandlers(
      h.core,
      testHost(() => h.core, ndChunks),
    );
    expect(
      await invokeOperation(nd, 'log.export', { format: 'ndjson', filters: { status: 'retrying' } }),
    ).toEqual({ rows: 3 });
    const rows = ndChunks
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { status: string; payload: { type: string } });
    expect(rows.map((r) => [r.status, r.payload.type])).toEqual([
      ['retrying', 'invoice.paid'],
      ['retrying', 'invoice.paid'],
      ['retrying', 'invoice.paid'],
    ]);
  });

  it('export streams in batches: a large log comes in many chunks', async () => {
    receiver = await Receiver.start();
    h = openHarness();
    const hook = await h.call('webhooks.create', { name: 'A', url: receiver.url, events: ['*'] });
    insertDeliveries(h, hook.id, 2500);
    const stream = h.core.deliveryLog.export('ndjson');
    let chunks = 0;
    let biggest = 0;
    for await (const chunk of stream) {
      chunks++;
      biggest = Math.max(biggest, String(chunk).length);
    }
    expect(stream.rows).toBe(2500);
    expect(chunks).toBeGreaterThanOrEqual(5);
    expect(biggest).toBeLessThan(500 * 400);
  });

  it('stats: per day and outcome for the window’s chart', async () => {
    const { b } = await populate(4);
    const { days } = await h.call('webhooks.stats', { id: b.id, days: 14 });
    expect(days).toHaveLength(14);
    expect(days.at(-1)).toEqual({
      date: new Date(h.clock.now()).toISOString().slice(0, 10),
      success: 0,
      error: 2,
      failed: 0,
      skipped: 0,
      waiting: 0,
    });
    expect(days.slice(0, 13).every((d: { error: number }) => d.error === 0)).toBe(true);
  });

  it('stats: skipped while disabled and waiting to be sent are counted apart, never as one "other"', async () => {
    const { a, b } = await populate(2);
    await h.call('webhooks.setEnabled', { id: b.id, enabled: false });
    await h.call('dispatch.setPaused', { paused: true });
    h.record('invoice.paid', { skippedForB: true });
    await h.core.dispatcher.runDue();
    const today = async (id: string) => (await h.call('webhooks.stats', { id, days: 1 })).days[0];
    // b: its retrying delivery skipped when disabled, and the new event's.
    expect(await today(b.id)).toMatchObject({ skipped: 2, waiting: 0 });
    expect(await today(a.id)).toMatchObject({ success: 2, skipped: 0, waiting: 1 });
  });

  it('retention prunes deliveries, their attempts and unreferenced events past logRetentionDays, in batches', async () => {
    receiver = await Receiver.start();
    h = openHarness();
    const hook = await h.call('webhooks.create', { name: 'A', url: receiver.url, events: ['*'] });
    h.record('task.created', { old: true });
    await h.core.dispatcher.runDue();
    h.clock.advance(31 * 86_400_000);
    h.record('task.created', { old: false });
    await h.core.dispatcher.runDue();
    insertDeliveries(h, hook.id, 1200, h.clock.now() - 40 * 86_400_000);
    const counts = () =>
      storeOf(h.core.store)
        .sqlite.prepare(
          'SELECT (SELECT count(*) FROM deliveries) AS d, (SELECT count(*) FROM delivery_attempts) AS a, (SELECT count(*) FROM outbox) AS o',
        )
        .get();
    expect(counts()).toEqual({ d: 1202, a: 2, o: 1202 });
    expect(await h.core.logRetention.prune()).toEqual({ deliveries: 1201, events: 1201 });
    expect(counts()).toEqual({ d: 1, a: 1, o: 1 });
    expect((await h.call('log.list', {})).items).toMatchObject([{ status: 'success' }]);
  });
});

/** Rows written straight to the tables, as the log would hold them after a busy month. */
function insertDeliveries(h: Harness, webhookId: string, n: number, createdAt = h.clock.now()) {
  const insertEvent = storeOf(h.core.store).sqlite.prepare(
    'INSERT INTO outbox (id, type, payload, created_at, fanned_out_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertDelivery = storeOf(h.core.store).sqlite.prepare(
    `INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempt, response_code, duration_ms, created_at, updated_at)
     VALUES (?, ?, ?, 'task.created', 'success', 1, 200, 12, ?, ?)`,
  );
  storeOf(h.core.store).sqlite.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = createdAt + i;
      const eventId = `evt_${String(i).padStart(26, '0')}`;
      insertEvent.run(
        eventId,
        'task.created',
        JSON.stringify({ id: eventId, type: 'task.created', data: { i } }),
        at,
        at,
      );
      insertDelivery.run(
        `dlv_${at.toString(32).padStart(10, '0')}${String(i).padStart(16, '0')}`,
        webhookId,
        eventId,
        at,
        at,
      );
    }
  })();
}

describe('replay between since and until', () => {
  /** Three deliveries skipped while the webhook was off, an hour apart, then the webhook on again. */
  async function skippedHourly() {
    receiver = await Receiver.start();
    h = openHarness();
    const hook = await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    await h.call('webhooks.setEnabled', { id: hook.id, enabled: false });
    const times: string[] = [];
    for (let n = 0; n < 3; n++) {
      times.push(new Date(h.clock.now()).toISOString());
      h.record('task.created', { n });
      await h.core.dispatcher.runDue();
      h.clock.advance(60 * MIN);
    }
    await h.call('webhooks.setEnabled', { id: hook.id, enabled: true });
    return { hook, times };
  }
  const sentNumbers = () =>
    receiver.received.map((r) => (JSON.parse(r.body) as { data: { n: number } }).data.n);

  it('sends again only what was made from since to until, both included', async () => {
    const { hook, times } = await skippedHourly();
    expect(await h.call('log.replay', { webhookId: hook.id, since: times[1], until: times[1] })).toEqual({
      count: 1,
    });
    await h.core.dispatcher.runDue();
    expect(sentNumbers()).toEqual([1]);
    // The rest, with no end: the one already replayed is not sent twice.
    expect(await h.call('log.replay', { webhookId: hook.id, since: times[0] })).toEqual({ count: 2 });
    await h.core.dispatcher.runDue();
    expect(sentNumbers().sort()).toEqual([0, 1, 2]);
  });

  it('a reversed range is a 422 naming Until, and nothing is queued', async () => {
    const { hook, times } = await skippedHourly();
    const message = `Until: ${times[0]} is before Since (${times[2]}): choose a later time, or leave Until out`;
    expect(
      await failure(h.call('log.replay', { webhookId: hook.id, since: times[2], until: times[0] })),
    ).toEqual({
      status: 422,
      code: 'validation_failed',
      message,
      details: { fields: [{ path: 'until', message }] },
    });
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(0);
  });

  it('an until that is not a date and time is a 422 naming Until', async () => {
    const { hook, times } = await skippedHourly();
    const f = await failure(h.call('log.replay', { webhookId: hook.id, since: times[0], until: 'tomorrow' }));
    const message = 'Until: enter a date and time with its zone, such as 2026-06-30T14:00:00Z';
    expect(f).toMatchObject({ status: 422, code: 'validation_failed', message });
    expect(f.details).toMatchObject({ fields: [{ path: 'until', message }] });
  });
});
