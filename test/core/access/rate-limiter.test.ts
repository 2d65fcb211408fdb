import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock.js';
import { RateLimiter, type RateLimits } from '../../../main/core/access/rate-limiter.js';

describe('RateLimiter (sliding windows)', () => {
  it('counts any rolling 60 s, not fixed minutes', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 59, 0));
    const limiter = new RateLimiter(clock, () => ({
      incomingPerMinute: 3,
      apiCallsPerDay: 0,
      apiCallsPerKeyPerDay: 0,
    }));
    // Three calls just before a minute boundary, then the next minute begins: still refused.
    for (let i = 0; i < 3; i++) expect(limiter.take('k', true).allowed).toBe(true);
    clock.advance(2_000);
    const refused = limiter.take('k', true);
    expect(refused).toMatchObject({ allowed: false, window: 'perMinute', retryAfterSeconds: 58 });
    clock.advance(58_000);
    // At 60 s after them, all three have left the window.
    expect(limiter.take('k', true)).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('reports the tighter window and reads the limits on every call', () => {
    const clock = new ManualClock();
    let limits = { incomingPerMinute: 100, apiCallsPerDay: 5, apiCallsPerKeyPerDay: 0 };
    const limiter = new RateLimiter(clock, () => limits);
    expect(limiter.take('a', true)).toMatchObject({ window: 'perDay', limit: 5, remaining: 4 });
    limits = { incomingPerMinute: 2, apiCallsPerDay: 1000, apiCallsPerKeyPerDay: 0 };
    expect(limiter.take('a', true)).toMatchObject({
      window: 'perMinute',
      limit: 2,
      remaining: 0,
      resetSeconds: 60,
    });
    expect(limiter.take('a', true).allowed).toBe(false);
  });

  it('peek reports the three windows as they stand and counts nothing', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 0, 0));
    const limiter = new RateLimiter(clock, () => ({
      incomingPerMinute: 3,
      apiCallsPerDay: 10,
      apiCallsPerKeyPerDay: null,
    }));
    const start = clock.now();
    expect(limiter.peek('k')).toEqual({
      minute: { limit: 3, remaining: 3, resetAt: start },
      keyDay: { limit: 5, remaining: 5, resetAt: start },
      day: { limit: 10, remaining: 10, resetAt: start },
    });
    limiter.take('k', true);
    clock.advance(20_000);
    limiter.take('other', true);
    for (let i = 0; i < 5; i++) limiter.peek('k');
    expect(limiter.peek('k')).toEqual({
      minute: { limit: 3, remaining: 2, resetAt: start + 60_000 },
      keyDay: { limit: 5, remaining: 4, resetAt: start + 86_400_000 },
      day: { limit: 10, remaining: 8, resetAt: start + 86_400_000 },
    });
    expect(limiter.take('k', true)).toMatchObject({ allowed: true, window: 'perMinute', remaining: 1 });
  });

  it('peek reports a window that is off as null', () => {
    const limiter = new RateLimiter(new ManualClock(), () => ({
      incomingPerMinute: 0,
      apiCallsPerDay: 0,
      apiCallsPerKeyPerDay: 0,
    }));
    expect(limiter.peek('k')).toEqual({ minute: null, keyDay: null, day: null });
  });

  it('keeps memory bounded by distinct times: a burst in one millisecond is one entry', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, () => ({
      incomingPerMinute: 0,
      apiCallsPerDay: 50_000,
      apiCallsPerKeyPerDay: 0,
    }));
    for (let i = 0; i < 50_000; i++) limiter.take(`k${i % 7}`, true);
    expect(limiter.take('k0', true)).toMatchObject({
      allowed: false,
      window: 'perDay',
      retryAfterSeconds: 86_400,
    });
  });

  it("a call refused for its permission counts in its key's minute only, never in the daily limits", () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, () => ({
      incomingPerMinute: 5,
      apiCallsPerDay: 10,
      apiCallsPerKeyPerDay: null,
    }));
    // 300 calls without the permission, 5 a minute: none spends the day.
    for (let minute = 0; minute < 60; minute++) {
      for (let i = 0; i < 5; i++) expect(limiter.take('nopermission', false).allowed).toBe(true);
      // The minute still protects the server: the 6th in a minute is refused.
      expect(limiter.take('nopermission', false)).toMatchObject({ allowed: false, window: 'perMinute' });
      clock.advance(60_000);
    }
    expect(limiter.peek('nopermission')).toMatchObject({ keyDay: { remaining: 5 }, day: { remaining: 10 } });
    expect(limiter.take('permitted', true)).toMatchObject({ allowed: true });
    expect(limiter.peek('permitted').day).toMatchObject({ remaining: 9 });
  });

  it('one key stops at its half of the total while another goes on; 24 h later it may again', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 9, 0, 0, 0));
    const limiter = new RateLimiter(clock, () => ({
      incomingPerMinute: 0,
      apiCallsPerDay: 10,
      apiCallsPerKeyPerDay: null,
    }));
    for (let i = 0; i < 5; i++) expect(limiter.take('a', true).allowed).toBe(true);
    clock.advance(60 * 60_000);
    expect(limiter.take('a', true)).toEqual({
      allowed: false,
      window: 'perKeyPerDay',
      limit: 5,
      remaining: 0,
      resetSeconds: 23 * 3600,
      retryAfterSeconds: 23 * 3600,
    });
    for (let i = 0; i < 5; i++) expect(limiter.take('b', true).allowed).toBe(true);
    // Both halves used: a third key meets the total.
    expect(limiter.take('c', true)).toMatchObject({ allowed: false, window: 'perDay', limit: 10 });
    clock.advance(23 * 3600_000 - 1);
    // a's day and the total are both full until a's five leave, 1 ms from now: on a tie the total is named.
    expect(limiter.take('a', true)).toMatchObject({ allowed: false, window: 'perDay', retryAfterSeconds: 1 });
    clock.advance(1);
    // a's five left the window; the total still holds b's five, so a gets its five again.
    for (let i = 0; i < 5; i++) expect(limiter.take('a', true).allowed).toBe(true);
    expect(limiter.take('a', true)).toMatchObject({ allowed: false, window: 'perKeyPerDay' });
  });

  it('an unset per-key limit follows the total (half, rounded up); a set one stays; 0 is unlimited', () => {
    const clock = new ManualClock();
    let limits: RateLimits = { incomingPerMinute: 0, apiCallsPerDay: 7, apiCallsPerKeyPerDay: null };
    const limiter = new RateLimiter(clock, () => limits);
    expect(limiter.peek('k').keyDay).toMatchObject({ limit: 4 });
    limits = { ...limits, apiCallsPerDay: 1 };
    expect(limiter.peek('k').keyDay).toMatchObject({ limit: 1 });
    limits = { ...limits, apiCallsPerDay: 0 };
    expect(limiter.peek('k').keyDay).toBeNull();
    limits = { incomingPerMinute: 0, apiCallsPerDay: 40, apiCallsPerKeyPerDay: 3 };
    expect(limiter.peek('k').keyDay).toMatchObject({ limit: 3 });
    limits = { ...limits, apiCallsPerDay: 100 };
    expect(limiter.peek('k').keyDay).toMatchObject({ limit: 3 });
    limits = { ...limits, apiCallsPerKeyPerDay: 0 };
    expect(limiter.peek('k').keyDay).toBeNull();
    for (let i = 0; i < 100; i++) expect(limiter.take('k', true).allowed).toBe(true);
    expect(limiter.take('k', true)).toMatchObject({ allowed: false, window: 'perDay' });
  });

  it('a call refused by more than one limit names the one that keeps it refused longest', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, () => ({
      incomingPerMinute: 2,
      apiCallsPerDay: 100,
      apiCallsPerKeyPerDay: 2,
    }));
    limiter.take('k', true);
    limiter.take('k', true);
    // Both the minute (60 s) and the key's day (24 h) are full: the day is named, with its wait.
    expect(limiter.take('k', true)).toMatchObject({ window: 'perKeyPerDay', retryAfterSeconds: 86_400 });
    // Without the permission the call would not spend the day: only the minute refuses it.
    expect(limiter.take('k', false)).toMatchObject({ window: 'perMinute', retryAfterSeconds: 60 });
  });

  it('an allowed call reports the window closest to refusing, the one that comes back last on a tie', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, () => ({
      incomingPerMinute: 3,
      apiCallsPerDay: 100,
      apiCallsPerKeyPerDay: 3,
    }));
    // 2 left in the minute and in the key's day: the day comes back later, so it is reported.
    expect(limiter.take('k', true)).toEqual({
      allowed: true,
      window: 'perKeyPerDay',
      limit: 3,
      remaining: 2,
      resetSeconds: 86_400,
    });
    clock.advance(60_000);
    // The minute is empty again (3 left): the key's day has 1 left after this call.
    expect(limiter.take('k', true)).toMatchObject({ window: 'perKeyPerDay', remaining: 1 });
    // A call without the permission counts in the minute only; the key's day, unspent, is still closest.
    expect(limiter.take('k', false)).toMatchObject({ window: 'perKeyPerDay', remaining: 1 });
    expect(limiter.take('k', false)).toMatchObject({ window: 'perMinute', remaining: 0, resetSeconds: 60 });
  });
});
