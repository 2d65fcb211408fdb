/**
 * 50 connections hammering one key at the rate-limit boundary: exactly the
 * allowed number is accepted and every other call is a 429 with Retry-After
 * and RateLimit-* headers. The 30 s of hammering run on the injected
 * clock (a second per round, 50 concurrent calls a round, 1,500 calls in all)
 * so the suite stays short; then the rolling window is shown to give back
 * exactly what left it.
 *
 * And a key without permissions, calling as fast as its minute allows, for
 * longer than the shared daily total would last: its 403s spend none of the
 * total, so a permitted key still gets in.
 */
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, errorOf, type Harness } from '../support/server.js';
import { storeOf } from '../../main/core/store/database.js';

const CONNECTIONS = 50;
const LIMIT = 100; // the seed's 100 per minute per key

let h: Harness;
let pool: Pool;
let key: string;
beforeAll(async () => {
  h = await createHarness();
  expect(h.core.settings.get().rateLimits.incomingPerMinute).toBe(LIMIT);
  key = h.key(['tasks:write']);
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = h.app.server.address() as AddressInfo;
  pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONNECTIONS, pipelining: 1 });
});
afterAll(async () => {
  await pool.close();
  await h.close();
});

interface Round {
  accepted: number;
  limited: number;
  other: string[];
  retryAfter: Set<string>;
}

/** One round: every connection sends one call at once. */
async function round(n: number): Promise<Round> {
  const results = await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, i) => {
      const res = await pool.request({
        method: 'POST',
        path: '/api/v1/webhooks/incoming/tasks',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Round ${n} call ${i}` }),
      });
      const body = await res.body.text();
      return { status: res.statusCode, headers: res.headers, body };
    }),
  );
  const out: Round = { accepted: 0, limited: 0, other: [], retryAfter: new Set() };
  for (const r of results) {
    if (r.status === 201) out.accepted++;
    else if (r.status === 429) {
      out.limited++;
      out.retryAfter.add(String(r.headers['retry-after']));
      expect(r.headers['ratelimit-limit']).toBe(String(LIMIT));
      expect(r.headers['ratelimit-remaining']).toBe('0');
      expect(JSON.parse(r.body).error.code).toBe('rate_limited');
    } else out.other.push(`${r.status} ${r.body}`);
  }
  return out;
}

const tasks = () =>
  (storeOf(h.core.store).sqlite.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n;

describe('50 connections hammering one key at the boundary', () => {
  it('for 30 s: exactly 100 accepted, every other call a 429', async () => {
    const start = h.clock.now();
    let accepted = 0;
    let limited = 0;
    const firstAccepted: number[] = [];
    for (let second = 0; second < 30; second++) {
      h.clock.set(start + second * 1000);
      const r = await round(second);
      expect(r.other).toEqual([]);
      if (r.accepted > 0) firstAccepted.push(second);
      accepted += r.accepted;
      limited += r.limited;
      if (r.limited > 0) {
        // Retry-After says when the oldest call leaves the window: 60 s after the first round.
        expect([...r.retryAfter]).toEqual([String(60 - second)]);
      }
    }
    expect(accepted).toBe(LIMIT);
    expect(limited).toBe(30 * CONNECTIONS - LIMIT);
    expect(firstAccepted).toEqual([0, 1]); // 50 in the first round, 50 in the second, then none
    expect(tasks()).toBe(LIMIT);

    // 60 s after the first round its 50 calls leave the window: exactly 50 more are accepted.
    h.clock.set(start + 60_000);
    const afterFirst = await round(60);
    expect(afterFirst).toMatchObject({ accepted: 50, limited: 0 });
    expect((await round(60)).accepted).toBe(0);
    // And 60 s after the second round, its 50.
    h.clock.set(start + 61_000);
    expect((await round(61)).accepted).toBe(50);
    expect(tasks()).toBe(LIMIT + 100);
  });
});

describe("a key without permissions hammering for 101 minutes at the seed's limits", () => {
  let own: Harness;
  beforeAll(async () => {
    own = await createHarness();
  });
  afterAll(() => own.close());

  it('gets 403s and, past its minute, 429s, but spends none of the 10,000 a day: a permitted key gets 200', async () => {
    expect(own.core.settings.get().rateLimits).toMatchObject({
      incomingPerMinute: 100,
      apiCallsPerDay: 10_000,
    });
    const stranger = own.key([]);
    const permitted = own.key(['tasks:read']);
    const call = (key: string) => own.call(key, { method: 'GET', url: '/api/v1/tasks?limit=1' });
    const statuses = new Map<number, number>();
    // 101 minutes of 100 calls and one more, which its minute refuses: 10,201 calls in all.
    for (let minute = 0; minute < 101; minute++) {
      const results = await Promise.all(Array.from({ length: 101 }, () => call(stranger)));
      for (const r of results) statuses.set(r.statusCode, (statuses.get(r.statusCode) ?? 0) + 1);
      own.clock.advance(60_000);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 403: 10_100, 429: 101 });
    const last = await call(stranger);
    expect(last.statusCode).toBe(403);
    expect(errorOf(last).code).toBe('forbidden');

    const allowed = await call(permitted);
    expect(allowed.statusCode).toBe(200);
    const me = await own.call(permitted, { method: 'GET', url: '/api/v1/me' });
    expect(me.json().rateLimit.day).toMatchObject({ limit: 10_000, remaining: 9_998 });
  });
});
