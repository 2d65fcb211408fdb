/**
 * GET /metrics through the real server (fastify.inject), read back with a
 * Prometheus text-format parser: each family's values are what the test made
 * happen. Its guard: off until switched on (a 404 like any unknown path), then
 * only its own token (401 for none, the admin token, an API key, another token
 * or a hostile header).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeOf } from '../../../../main/core/store/database.js';
import { Scrape } from '../../../support/prometheus.js';
import { answer, Receiver } from '../../../support/receiver.js';
import {
  ADMIN_TOKEN,
  createHarness,
  errorOf,
  INCOMING,
  listen,
  type Harness,
} from '../../../support/server.js';

let h: Harness;
let receiver: Receiver | undefined;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
  await receiver?.close();
  receiver = undefined;
});

const MISSING =
  'Missing metrics token: send the header Authorization: Bearer metrics_… (Settings > Integrations > Metrics)';
const INVALID =
  'Invalid metrics token: /metrics takes only its own token (Settings > Integrations > Metrics), never the admin token or an API key';
const MALFORMED = 'Malformed Authorization header: expected "Bearer metrics_…"';

async function switchOn(): Promise<string> {
  const res = await h.admin('metrics.update', { enabled: true });
  expect(res.statusCode).toBe(200);
  const { token } = res.json() as { token: string };
  expect(token).toMatch(/^metrics_[0-9A-Za-z]{43}$/);
  return token;
}

const get = (authorization?: string) =>
  h.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: authorization === undefined ? {} : { authorization },
  });

async function scrape(token: string): Promise<Scrape> {
  const res = await get(`Bearer ${token}`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  return new Scrape(res.body);
}

const webhook = async (name: string, url: string, events: string[]) => {
  const res = await h.admin('webhooks.create', { name, url, events });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { id: string }).id;
};

describe('GET /metrics: the families match what happened', () => {
  it('3 delivered to one webhook, 1 failed on another; attempts, held, oldest waiting, backlog, incoming, durations, size', async () => {
    receiver = await Receiver.start();
    receiver.respond = (req, res, body) =>
      (req.url === '/down' ? answer(500, 'down') : answer(200, 'ok'))(req, res, body);
    await h.admin('settings.update', { retrySchedule: [60] });
    const tasks = await webhook('tasks', `${receiver.origin}/up`, ['task.created']);
    const clients = await webhook('clients', `${receiver.origin}/down`, ['client.created']);
    const token = await switchOn();
    const key = h.key(['tasks:write', 'clients:write']);
    // Each turn's events are fanned out in the flush that records them; with the deliveries' insert
    // failing there, they wait in the outbox (the backlog) for the dispatcher, as events recorded
    // outside a flush do.
    const sqlite = storeOf(h.core.store).sqlite;
    sqlite.exec(
      "CREATE TRIGGER hold_fan_out BEFORE INSERT ON deliveries BEGIN SELECT RAISE(ABORT, 'held'); END;",
    );

    for (const title of ['a', 'b', 'c']) {
      const res = await h.call(key, { method: 'POST', url: `${INCOMING}/tasks`, payload: { title } });
      expect(res.statusCode, res.body).toBe(201);
    }
    expect(
      (await h.call(key, { method: 'POST', url: `${INCOMING}/clients`, payload: { name: 'Ada' } }))
        .statusCode,
    ).toBe(201);
    expect((await h.call(key, { method: 'POST', url: `${INCOMING}/tasks`, payload: {} })).statusCode).toBe(
      422,
    );
    expect((await h.call('ik_live_nope', { method: 'GET', url: '/api/v1/tasks' })).statusCode).toBe(401);

    let s = await scrape(token);
    // Recorded, not fanned out yet (the dispatcher has not run).
    expect(s.value('dversum_outbox_backlog_events')).toBe(4);
    expect(s.value('dversum_deliveries_held')).toBe(0);
    expect(s.value('dversum_incoming_calls_total', { status: '201' })).toBe(4);
    expect(s.value('dversum_incoming_calls_total', { status: '422' })).toBe(1);
    expect(s.value('dversum_incoming_calls_total', { status: '401' })).toBe(1);
    // Every existing webhook's series are there from the start, at 0.
    for (const id of [tasks, clients]) {
      expect(s.value('dversum_deliveries_total', { webhook: id, outcome: 'delivered' })).toBe(0);
      expect(s.value('dversum_deliveries_total', { webhook: id, outcome: 'failed' })).toBe(0);
    }

    sqlite.exec('DROP TRIGGER hold_fan_out');
    await h.core.dispatcher.runDue();
    h.clock.advance(30_000);
    s = await scrape(token);
    expect(s.value('dversum_outbox_backlog_events')).toBe(0);
    expect(s.value('dversum_deliveries_total', { webhook: tasks, outcome: 'delivered' })).toBe(3);
    expect(s.value('dversum_delivery_attempts_total', { webhook: clients, outcome: 'retrying' })).toBe(1);
    // The client's delivery waits for its retry, made 30 s ago.
    expect(s.value('dversum_deliveries_held')).toBe(1);
    expect(s.value('dversum_oldest_waiting_delivery_age_seconds')).toBe(30);

    h.clock.advance(30_000);
    await h.core.dispatcher.runDue();
    expect((await h.app.inject({ method: 'GET', url: `/nowhere/${'x'.repeat(50)}` })).statusCode).toBe(404);
    s = await scrape(token);
    expect(s.value('dversum_deliveries_total', { webhook: tasks, outcome: 'delivered' })).toBe(3);
    expect(s.value('dversum_deliveries_total', { webhook: tasks, outcome: 'failed' })).toBe(0);
    expect(s.value('dversum_deliveries_total', { webhook: clients, outcome: 'delivered' })).toBe(0);
    expect(s.value('dversum_deliveries_total', { webhook: clients, outcome: 'failed' })).toBe(1);
    expect(s.value('dversum_delivery_attempts_total', { webhook: tasks, outcome: 'succeeded' })).toBe(3);
    expect(s.value('dversum_delivery_attempts_total', { webhook: clients, outcome: 'retrying' })).toBe(1);
    expect(s.value('dversum_delivery_attempts_total', { webhook: clients, outcome: 'failed' })).toBe(1);
    expect(s.value('dversum_deliveries_held')).toBe(0);
    expect(s.value('dversum_oldest_waiting_delivery_age_seconds')).toBe(0);
    expect(s.family('dversum_deliveries_total').type).toBe('COUNTER');
    expect(s.family('dversum_deliveries_held').type).toBe('GAUGE');

    const bytes =
      Number(sqlite.pragma('page_count', { simple: true })) *
      Number(sqlite.pragma('page_size', { simple: true }));
    expect(s.value('dversum_database_size_bytes')).toBe(bytes);
    expect(bytes).toBeGreaterThan(0);

    const durations = s.family('dversum_http_request_duration_seconds');
    expect(durations.type).toBe('HISTOGRAM');
    const posts = s.histogram('dversum_http_request_duration_seconds', {
      method: 'POST',
      route: '/api/v1/webhooks/incoming/tasks',
    });
    expect(posts?.count).toBe(4);
    expect(posts?.sum).toBeGreaterThan(0);
    // The earlier scrapes are timed too, under their own route; a path no route serves under one name.
    expect(
      s.histogram('dversum_http_request_duration_seconds', { method: 'GET', route: '/metrics' })?.count,
    ).toBe(2);
    expect(
      s.histogram('dversum_http_request_duration_seconds', { method: 'GET', route: 'unmatched' })?.count,
    ).toBe(1);
  });

  it('counts rate-limit refusals and their 429s', async () => {
    const token = await switchOn();
    await h.admin('settings.update', { rateLimits: { incomingPerMinute: 1 } });
    const key = h.key(['tasks:read']);
    expect((await h.call(key, { method: 'GET', url: '/api/v1/tasks' })).statusCode).toBe(200);
    expect((await h.call(key, { method: 'GET', url: '/api/v1/tasks' })).statusCode).toBe(429);
    expect((await h.call(key, { method: 'GET', url: '/api/v1/tasks' })).statusCode).toBe(429);
    const s = await scrape(token);
    expect(s.value('dversum_rate_limit_refusals_total')).toBe(2);
    expect(s.value('dversum_incoming_calls_total', { status: '429' })).toBe(2);
    expect(s.value('dversum_incoming_calls_total', { status: '200' })).toBe(1);
  });

  it("a deleted webhook's series leave at the next scrape (the label set is the existing webhooks)", async () => {
    const token = await switchOn();
    const seen = await webhook('seen', 'http://127.0.0.1:9/hook', ['task.created']);
    expect((await scrape(token)).samples('dversum_deliveries_total', { webhook: seen })).toHaveLength(2);
    // Another one counted (an attempt that failed) but deleted before any scrape saw it.
    const unseen = await webhook('unseen', 'http://127.0.0.1:9/other', ['client.created']);
    const key = h.key(['clients:write']);
    await h.call(key, { method: 'POST', url: `${INCOMING}/clients`, payload: { name: 'Ada' } });
    await h.core.dispatcher.runDue();
    const counted = await h.core.metrics.registry.getSingleMetric('dversum_delivery_attempts_total')!.get();
    expect(counted.values).toContainEqual({ labels: { webhook: unseen, outcome: 'retrying' }, value: 1 });
    expect((await h.admin('webhooks.delete', { id: seen })).statusCode).toBe(200);
    expect((await h.admin('webhooks.delete', { id: unseen })).statusCode).toBe(200);
    const s = await scrape(token);
    for (const id of [seen, unseen]) {
      expect(s.samples('dversum_deliveries_total', { webhook: id })).toHaveLength(0);
      expect(s.samples('dversum_delivery_attempts_total', { webhook: id })).toHaveLength(0);
    }
  });

  it('two cores in one process keep their own registries', async () => {
    const other = await createHarness();
    try {
      const mine = await switchOn();
      const res = await other.admin('metrics.update', { enabled: true });
      const theirs = (res.json() as { token: string }).token;
      await webhook('only here', 'http://127.0.0.1:9/hook', ['task.created']);
      const here = await scrape(mine);
      const there = new Scrape(
        (
          await other.app.inject({
            method: 'GET',
            url: '/metrics',
            headers: { authorization: `Bearer ${theirs}` },
          })
        ).body,
      );
      expect(here.samples('dversum_deliveries_total')).toHaveLength(2);
      expect(there.samples('dversum_deliveries_total')).toHaveLength(0);
      // Each core's token opens only its own.
      expect((await get(`Bearer ${theirs}`)).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('GET /metrics: its guard', () => {
  it('is off until switched on: a 404 like any unknown path, whatever the header', async () => {
    const unknown = await h.app.inject({ method: 'GET', url: '/metricz' });
    for (const authorization of [
      undefined,
      `Bearer ${ADMIN_TOKEN}`,
      'Basic abc',
      'Bearer metrics_x',
      'x'.repeat(8000),
    ]) {
      const res = await get(authorization);
      expect(res.statusCode).toBe(404);
      expect(errorOf(res)).toEqual({ code: 'not_found', message: 'No route GET /metrics' });
      expect(errorOf(unknown).code).toBe('not_found');
    }
    expect((await h.admin('metrics.get')).json()).toEqual({
      enabled: false,
      tokenLast4: null,
      tokenCreatedAt: null,
    });
  });

  it('without its token: 401 with the challenge and what to send', async () => {
    await switchOn();
    const res = await get();
    expect(res.statusCode).toBe(401);
    expect(errorOf(res)).toEqual({ code: 'unauthorized', message: MISSING });
    expect(res.headers['www-authenticate']).toBe('Bearer realm="dVersum metrics"');
  });

  it('with the admin token, an API key or another token: 401', async () => {
    await switchOn();
    const key = h.key(['tasks:read', 'invoices:read']);
    for (const token of [ADMIN_TOKEN, key, `metrics_${'A'.repeat(43)}`, 'metrics_']) {
      const res = await get(`Bearer ${token}`);
      expect(res.statusCode, token).toBe(401);
      expect(errorOf(res)).toEqual({ code: 'unauthorized', message: INVALID });
    }
  });

  it('hostile Authorization headers: never a 5xx, each a 401 (or Node refusing an oversized header)', async () => {
    const token = await switchOn();
    const cases: [string, number, string | undefined][] = [
      [`Basic ${Buffer.from(`x:${token}`).toString('base64')}`, 401, MALFORMED],
      [`Token ${token}`, 401, MALFORMED],
      [`Bearer ${token} extra`, 401, MALFORMED],
      ['Bearer', 401, MALFORMED],
      [`Bearer ${'a'.repeat(15_000)}`, 401, INVALID],
      [`Bearer ${token}${'a'.repeat(5000)}`, 401, INVALID],
      [`bearer ${token.toUpperCase()}`, 401, INVALID],
      [`Bearer ${token.slice(0, -1)}`, 401, INVALID],
    ];
    for (const [authorization, status, message] of cases) {
      const res = await get(authorization);
      expect(res.statusCode, authorization.slice(0, 40)).toBe(status);
      expect(errorOf(res).message).toBe(message);
    }
    // The right token in any case of the scheme name opens it.
    expect((await get(`bearer ${token}`)).statusCode).toBe(200);

    // Over a real socket, a header past Node's limit is refused by its parser, before any route: 431.
    const base = await listen(h.app);
    const huge = await fetch(`${base}/metrics`, {
      headers: { authorization: `Bearer ${'a'.repeat(20_000)}` },
    });
    expect(huge.status).toBe(431);
    const fine = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${token}` } });
    expect(fine.status).toBe(200);
    expect(await fine.text()).toContain('# TYPE dversum_deliveries_total counter');
  });

  it('a rotated token replaces the old one at once; switched off, even the right token gets the 404', async () => {
    const first = await switchOn();
    const rotated = await h.admin('metrics.rotateToken', {});
    expect(rotated.statusCode).toBe(200);
    const {
      token: second,
      tokenLast4,
      enabled,
    } = rotated.json() as { token: string; tokenLast4: string; enabled: boolean };
    expect(second).not.toBe(first);
    expect(enabled).toBe(true);
    expect(tokenLast4).toBe(second.slice(-4));
    expect(errorOf(await get(`Bearer ${first}`)).message).toBe(INVALID);
    expect((await get(`Bearer ${second}`)).statusCode).toBe(200);

    const off = await h.admin('metrics.update', { enabled: false });
    expect(off.json()).toEqual({ enabled: false, tokenLast4, tokenCreatedAt: expect.any(String) });
    expect((await get(`Bearer ${second}`)).statusCode).toBe(404);
    // On again: the same token (no new one shown), so the scraper's file still works.
    const on = await h.admin('metrics.update', { enabled: true });
    expect(on.json()).not.toHaveProperty('token');
    expect((await get(`Bearer ${second}`)).statusCode).toBe(200);
  });

  it('the token is kept only as its hash, never in the settings', async () => {
    const token = await switchOn();
    const rows = storeOf(h.core.store).sqlite.prepare('SELECT key, value FROM kv').all() as {
      key: string;
      value: string;
    }[];
    expect(rows.some((row) => row.value.includes(token))).toBe(false);
    expect(JSON.stringify((await h.admin('settings.get')).json())).not.toContain(token.slice(-8));
  });

  it('another method is not a way in: a 404 while off, a 405 once on', async () => {
    const post = (authorization?: string) =>
      h.app.inject({ method: 'POST', url: '/metrics', headers: authorization ? { authorization } : {} });
    const off = await post(`Bearer ${ADMIN_TOKEN}`);
    expect(off.statusCode).toBe(404);
    expect(errorOf(off)).toEqual({ code: 'not_found', message: 'No route POST /metrics' });
    const token = await switchOn();
    const on = await post(`Bearer ${token}`);
    expect(on.statusCode).toBe(405);
    expect(on.headers.allow).toBe('GET');
  });
});
