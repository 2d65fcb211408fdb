import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock.js';
import { RateLimiter } from '../../../main/core/access/rate-limiter.js';

describe('RateLimiter (sliding windows)', () => {
  it('counts any rolling 60 s, not fixed minutes', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 59, 0));
    const limiter = new RateLimiter(clock, () => ({ incomingPerMinute: 3, apiCallsPerDay: 0 }));
    // Three calls just before a minute boundary, then the next minute begins: still refused.
    for (let i = 0; i < 3; i++) expect(limiter.take('k').allowed).toBe(true);
    clock.advance(2_000);
    const refused = limiter.take('k');
    expect(refused).toMatchObject({ allowed: false, window: 'minute', retryAfterSeconds: 58 });
    clock.advance(58_000);
    // At 60 s after them, all three have left the window.
    expect(limiter.take('k')).toMatchObject({ allowed: true, remaining: 2 });
  });

  it('reports the tighter window and reads the limits on every call', () => {
    const clock = new ManualClock();
    let limits = { incomingPerMinute: 100, apiCallsPerDay: 5 };
    const limiter = new RateLimiter(clock, () => limits);
    expect(limiter.take('a')).toMatchObject({ window: 'day', limit: 5, remaining: 4 });
    limits = { incomingPerMinute: 2, apiCallsPerDay: 1000 };
    expect(limiter.take('a')).toMatchObject({ window: 'minute', limit: 2, remaining: 0, resetSeconds: 60 });
    expect(limiter.take('a').allowed).toBe(false);
  });

  it('peek reports both windows as they stand and counts nothing', () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1, 12, 0, 0, 0));
    const limiter = new RateLimiter(clock, () => ({ incomingPerMinute: 3, apiCallsPerDay: 10 }));
    const start = clock.now();
    expect(limiter.peek('k')).toEqual({
      minute: { limit: 3, remaining: 3, resetAt: start },
      day: { limit: 10, remaining: 10, resetAt: start },
    });
    limiter.take('k');
    clock.advance(20_000);
    limiter.take('other');
    for (let i = 0; i < 5; i++) limiter.peek('k');
    expect(limiter.peek('k')).toEqual({
      minute: { limit: 3, remaining: 2, resetAt: start + 60_000 },
      day: { limit: 10, remaining: 8, resetAt: start + 86_400_000 },
    });
    expect(limiter.take('k')).toMatchObject({ allowed: true, window: 'minute', remaining: 1 });
  });

  it('peek reports a window that is off as null', () => {
    const limiter = new RateLimiter(new ManualClock(), () => ({ incomingPerMinute: 0, apiCallsPerDay: 0 }));
    expect(limiter.peek('k')).toEqual({ minute: null, day: null });
  });

  it('keeps memory bounded by distinct times: a burst in one millisecond is one entry', () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter(clock, () => ({ incomingPerMinute: 0, apiCallsPerDay: 50_000 }));
    for (let i = 0; i < 50_000; i++) limiter.take(`k${i % 7}`);
    expect(limiter.take('k0')).toMatchObject({ allowed: false, window: 'day', retryAfterSeconds: 86_400 });
  });
});
