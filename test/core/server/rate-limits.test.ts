import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, errorOf, INCOMING, type Harness } from '../../support/server.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const read = (key: string) => h.call(key, { method: 'GET', url: '/api/v1/tasks?limit=1' });

describe('rate limits on the injected clock', () => {
  it('per key: 100 in any rolling minute, the 101st is a 429 with Retry-After and RateLimit-* headers', async () => {
    const key = h.key(['tasks:write', 'tasks:read']);
    for (let i = 1; i <= 100; i++) {
      const res =
        i % 2
          ? await read(key)
          : await h.call(key, { method: 'POST', url: `${INCOMING}/tasks`, payload: { title: `t${i}` } });
      expect(res.statusCode, `call ${i}`).toBeLessThan(300);
      expect(res.headers['ratelimit-limit']).toBe('100');
      expect(res.headers['ratelimit-remaining']).toBe(String(100 - i));
      if (i === 1) h.clock.advance(30_000); // the first call is 30 s older than the rest
    }
    const refused = await read(key);
    expect(refused.statusCode).toBe(429);
    expect(errorOf(refused)).toEqual({
      code: 'rate_limited',
      message: 'Rate limit exceeded: at most 100 requests per minute for this API key; retry in 30 s',
      details: { window: 'minute', limit: 100 },
    });
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.headers['ratelimit-limit']).toBe('100');
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.headers['ratelimit-reset']).toBe('30');

    // A refused call is not counted; after 30 s the first call leaves the window: one more fits.
    h.clock.advance(29_999);
    expect((await read(key)).statusCode).toBe(429);
    h.clock.advance(1);
    expect((await read(key)).statusCode).toBe(200);
    expect((await read(key)).statusCode).toBe(429);
    // A full minute after the burst, everything is allowed again.
    h.clock.advance(60_000);
    const again = await read(key);
    expect(again.statusCode).toBe(200);
    expect(again.headers['ratelimit-remaining']).toBe('99');
  });

  it('keys are limited separately', async () => {
    const a = h.key(['tasks:read']);
    const b = h.key(['tasks:read']);
    for (let i = 0; i < 100; i++) await read(a);
    expect((await read(a)).statusCode).toBe(429);
    expect((await read(b)).statusCode).toBe(200);
  });

  it('in all: at most apiCallsPerDay calls with a valid key in any rolling 24 h', async () => {
    await h.admin('settings.update', { rateLimits: { apiCallsPerDay: 250, incomingPerMinute: 0 } });
    const keys = [h.key(['tasks:read']), h.key(['tasks:read'])];
    for (let i = 0; i < 250; i++) {
      const res = await read(keys[i % 2]);
      expect(res.statusCode, `call ${i}`).toBe(200);
      if (i === 99) h.clock.advance(60 * 60_000); // 100 calls an hour before the other 150
    }
    const refused = await read(keys[1]);
    expect(refused.statusCode).toBe(429);
    expect(errorOf(refused).message).toBe(
      'Rate limit exceeded: at most 250 API calls in 24 hours in all; retry in 82800 s',
    );
    expect(refused.headers['retry-after']).toBe('82800');
    expect(refused.headers['ratelimit-limit']).toBe('250');
    // Calls without a valid key are not API calls of the owner's: still 401, not 429.
    expect((await h.call(undefined, { method: 'GET', url: '/api/v1/tasks' })).statusCode).toBe(401);

    h.clock.advance(23 * 60 * 60_000 - 1);
    expect((await read(keys[0])).statusCode).toBe(429);
    h.clock.advance(1);
    for (let i = 0; i < 100; i++) expect((await read(keys[0])).statusCode).toBe(200);
    expect((await read(keys[0])).statusCode).toBe(429);
  });

  it('the default daily cap is 10,000', async () => {
    const keys = Array.from({ length: 101 }, () =>
      h.core.keys.create({ name: 'k', permissions: ['tasks:read'] }),
    );
    // 100 keys use up the day through the limiter itself (100 each, within their minute limit)…
    for (const { id } of keys.slice(0, 100)) {
      for (let i = 0; i < 100; i++) expect(h.core.rateLimiter.take(id).allowed).toBe(true);
    }
    // …and the 10,001st call, by a fresh key, is refused over HTTP.
    const res = await read(keys[100].key);
    expect(res.statusCode).toBe(429);
    expect(errorOf(res).message).toBe(
      'Rate limit exceeded: at most 10000 API calls in 24 hours in all; retry in 86400 s',
    );
  });

  it('0 means unlimited', async () => {
    await h.admin('settings.update', { rateLimits: { incomingPerMinute: 0, apiCallsPerDay: 0 } });
    const key = h.key(['tasks:read']);
    for (let i = 0; i < 150; i++) expect((await read(key)).statusCode).toBe(200);
    expect((await read(key)).headers['ratelimit-limit']).toBeUndefined();
  });
});
