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
      message: 'This key made 100 calls in the last minute (the limit per key). Try again in 30 s.',
      details: { limit: 'perMinute', max: 100, retryAfterSeconds: 30 },
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
    await h.admin('settings.update', {
      rateLimits: { apiCallsPerDay: 250, apiCallsPerKeyPerDay: 0, incomingPerMinute: 0 },
    });
    const keys = [h.key(['tasks:read']), h.key(['tasks:read'])];
    for (let i = 0; i < 250; i++) {
      const res = await read(keys[i % 2]);
      expect(res.statusCode, `call ${i}`).toBe(200);
      if (i === 99) h.clock.advance(60 * 60_000); // 100 calls an hour before the other 150
    }
    const refused = await read(keys[1]);
    expect(refused.statusCode).toBe(429);
    expect(errorOf(refused)).toEqual({
      code: 'rate_limited',
      message:
        'All keys together used the 250 calls for the last 24 hours (the limit for all keys). Try again in 23 h.',
      details: { limit: 'perDay', max: 250, retryAfterSeconds: 82_800 },
    });
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
      for (let i = 0; i < 100; i++) expect(h.core.rateLimiter.take(id, true).allowed).toBe(true);
    }
    // …and the 10,001st call, by a fresh key, is refused over HTTP.
    const res = await read(keys[100].key);
    expect(res.statusCode).toBe(429);
    expect(errorOf(res).message).toBe(
      'All keys together used the 10,000 calls for the last 24 hours (the limit for all keys). Try again in 24 h.',
    );
  });

  it('0 means unlimited', async () => {
    await h.admin('settings.update', { rateLimits: { incomingPerMinute: 0, apiCallsPerDay: 0 } });
    // An unset per-key daily limit follows the total: unlimited too.
    expect(h.core.settings.get().rateLimits.apiCallsPerKeyPerDay).toBeNull();
    const key = h.key(['tasks:read']);
    for (let i = 0; i < 150; i++) expect((await read(key)).statusCode).toBe(200);
    expect((await read(key)).headers['ratelimit-limit']).toBeUndefined();
  });
});

describe('what a refused call costs', () => {
  it("403 for a permission: counted in the key's minute, never in the daily limits", async () => {
    await h.admin('settings.update', { rateLimits: { apiCallsPerDay: 20, incomingPerMinute: 5 } });
    const without = h.key(['clients:read']);
    for (let i = 0; i < 5; i++) {
      const res = await read(without);
      expect(res.statusCode, `call ${i}`).toBe(403);
      expect(errorOf(res).code).toBe('forbidden');
    }
    // The minute protects the server: the 6th call of that key in the minute is a 429, not a 403.
    const limited = await read(without);
    expect(limited.statusCode).toBe(429);
    expect(errorOf(limited).details).toEqual({ limit: 'perMinute', max: 5, retryAfterSeconds: 60 });
    const me = await h.call(h.key([]), { method: 'GET', url: '/api/v1/me' });
    // …but nothing of the daily budget was spent: only /me's own call.
    expect(me.json().rateLimit.day).toMatchObject({ limit: 20, remaining: 19 });
  });

  it("a call from outside the key's IP whitelist counts nowhere, not even in the key's minute", async () => {
    await h.admin('settings.update', { rateLimits: { apiCallsPerDay: 20, incomingPerMinute: 5 } });
    const elsewhere = h.key(['tasks:read'], ['203.0.113.0/24']);
    for (let i = 0; i < 50; i++) expect((await read(elsewhere)).statusCode, `call ${i}`).toBe(403);
    const id = h.core.keys.list()[0].id;
    expect(h.core.rateLimiter.peek(id)).toMatchObject({
      minute: { limit: 5, remaining: 5 },
      keyDay: { limit: 10, remaining: 10 },
      day: { limit: 20, remaining: 20 },
    });
    expect((await read(h.key(['tasks:read']))).statusCode).toBe(200);
  });

  it('a path no route serves is a 404 before the gate and counts nowhere', async () => {
    await h.admin('settings.update', { rateLimits: { apiCallsPerDay: 4, incomingPerMinute: 2 } });
    const key = h.key(['tasks:read']);
    for (let i = 0; i < 10; i++) {
      expect((await h.call(key, { method: 'GET', url: '/api/v1/nothing-here' })).statusCode).toBe(404);
    }
    expect((await read(key)).statusCode).toBe(200);
    expect((await read(key)).statusCode).toBe(200);
  });
});

describe('the per-key daily limit', () => {
  it('stops one key at half the total while another key still gets 200s', async () => {
    await h.admin('settings.update', { rateLimits: { apiCallsPerDay: 400, incomingPerMinute: 0 } });
    const greedy = h.key(['tasks:read']);
    const other = h.key(['tasks:read']);
    for (let i = 1; i <= 200; i++) {
      const res = await read(greedy);
      expect(res.statusCode, `call ${i}`).toBe(200);
      if (i === 1) h.clock.advance(2 * 60 * 60_000 + 30 * 60_000); // the first call 2 h 30 min before the rest
    }
    const refused = await read(greedy);
    expect(refused.statusCode).toBe(429);
    expect(errorOf(refused)).toEqual({
      code: 'rate_limited',
      message:
        'This key used its 200 calls for the last 24 hours (the limit per key per day). Try again in 21 h 30 min.',
      details: { limit: 'perKeyPerDay', max: 200, retryAfterSeconds: 77_400 },
    });
    expect(refused.headers['retry-after']).toBe('77400');
    expect(refused.headers['ratelimit-limit']).toBe('200');
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    expect(refused.headers['ratelimit-reset']).toBe('77400');

    for (let i = 1; i <= 200; i++) expect((await read(other)).statusCode, `other's call ${i}`).toBe(200);
    // Both halves used up: now the total is what refuses, for any key.
    const third = await read(h.key(['tasks:read']));
    expect(third.statusCode).toBe(429);
    expect(errorOf(third).message).toBe(
      'All keys together used the 400 calls for the last 24 hours (the limit for all keys). Try again in 21 h 30 min.',
    );
    expect(errorOf(third).details).toMatchObject({ limit: 'perDay', max: 400 });

    // When the greedy key's first call leaves its 24 h, it may make one call again.
    h.clock.advance(77_400_000 - 1);
    expect((await read(greedy)).statusCode).toBe(429);
    h.clock.advance(1);
    expect((await read(greedy)).statusCode).toBe(200);
    expect((await read(greedy)).statusCode).toBe(429);
  });

  it('RateLimit-* follow the window closest to refusing as the calls add up', async () => {
    await h.admin('settings.update', {
      rateLimits: { incomingPerMinute: 10, apiCallsPerDay: 1000, apiCallsPerKeyPerDay: 12 },
    });
    const key = h.key(['tasks:read']);
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await read(key);
      seen.push(`${res.headers['ratelimit-limit']}/${res.headers['ratelimit-remaining']}`);
    }
    h.clock.advance(60_000);
    for (let i = 0; i < 4; i++) {
      const res = await read(key);
      seen.push(`${res.headers['ratelimit-limit']}/${res.headers['ratelimit-remaining']}`);
    }
    // The minute (10) is closest until the key's own day (12) has fewer left than a fresh minute.
    expect(seen).toEqual(['10/9', '10/8', '10/7', '10/6', '12/7', '12/6', '12/5', '12/4']);
  });
});

describe('settings: the per-key daily limit', () => {
  const update = (rateLimits: Record<string, unknown>) => h.admin('settings.update', { rateLimits });

  it('follows the total while unset, keeps what the owner set, and null sets it back', async () => {
    expect(h.core.settings.get().rateLimits.apiCallsPerKeyPerDay).toBeNull();
    const me = async () =>
      (await h.call(h.key([]), { method: 'GET', url: '/api/v1/me' })).json().rateLimit.keyDay.limit;
    expect(await me()).toBe(5000);
    expect((await update({ apiCallsPerDay: 3001 })).statusCode).toBe(200);
    expect(await me()).toBe(1501);
    expect((await update({ apiCallsPerKeyPerDay: 700 })).json().rateLimits.apiCallsPerKeyPerDay).toBe(700);
    expect((await update({ apiCallsPerDay: 9000 })).statusCode).toBe(200);
    expect(await me()).toBe(700);
    expect((await update({ apiCallsPerKeyPerDay: null })).statusCode).toBe(200);
    expect(await me()).toBe(4500);
    expect((await update({ apiCallsPerKeyPerDay: 0 })).statusCode).toBe(200);
    const unlimited = await h.call(h.key([]), { method: 'GET', url: '/api/v1/me' });
    expect(unlimited.json().rateLimit.keyDay).toBeNull();
  });

  it.each([
    [{ apiCallsPerKeyPerDay: -1 }, 'must be 0 (unlimited) or a whole number of calls from 1 to 100000000'],
    [{ apiCallsPerKeyPerDay: 2.5 }, 'must be 0 (unlimited) or a whole number of calls from 1 to 100000000'],
    [
      { apiCallsPerKeyPerDay: 100_000_001 },
      'must be 0 (unlimited) or a whole number of calls from 1 to 100000000',
    ],
    [
      { apiCallsPerKeyPerDay: '500' },
      'must be a whole number of calls, 0 for unlimited, or empty for half the total',
    ],
    [
      { apiCallsPerKeyPerDay: 10_001 },
      'must be at most the total API calls per day (10000): lower it, leave it empty for half the total, or raise the total',
    ],
    [
      { apiCallsPerDay: 800, apiCallsPerKeyPerDay: 900 },
      'must be at most the total API calls per day (800): lower it, leave it empty for half the total, or raise the total',
    ],
  ])('refuses %j with a 422 that names the field', async (rateLimits, message) => {
    const res = await update(rateLimits);
    expect(res.statusCode).toBe(422);
    expect(errorOf(res)).toEqual({
      code: 'validation_failed',
      message: `API calls per key per day: ${message}`,
      details: {
        fields: [{ path: 'rateLimits.apiCallsPerKeyPerDay', message: `API calls per key per day: ${message}` }],
      },
    });
    expect(h.core.settings.get().rateLimits).toMatchObject({
      apiCallsPerDay: 10_000,
      apiCallsPerKeyPerDay: null,
    });
  });

  it('refuses lowering the total under a per-key limit the owner set, naming the per-key field', async () => {
    expect((await update({ apiCallsPerKeyPerDay: 6000 })).statusCode).toBe(200);
    const res = await update({ apiCallsPerDay: 5000 });
    expect(res.statusCode).toBe(422);
    expect(errorOf(res).details).toEqual({
      fields: [
        {
          path: 'rateLimits.apiCallsPerKeyPerDay',
          message:
            'API calls per key per day: must be at most the total API calls per day (5000): lower it, leave it empty for half the total, or raise the total',
        },
      ],
    });
    // Either limit off: no bound between them.
    expect((await update({ apiCallsPerDay: 0 })).statusCode).toBe(200);
    expect((await update({ apiCallsPerDay: 5000, apiCallsPerKeyPerDay: 0 })).statusCode).toBe(200);
  });
});
