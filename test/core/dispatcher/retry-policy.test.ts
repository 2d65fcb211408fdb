/**
 * The pure retry policy: the jitter's bounds, and how far a `Retry-After` is
 * believed (seconds or an HTTP date; never below a second, never beyond the
 * schedule's last step or a day, never read from what is neither).
 */
import { describe, expect, it } from 'vitest';
import {
  jittered,
  parseRetryAfter,
  planAfterFailure,
  throttleWait,
} from '../../../main/core/dispatcher/retry-policy.js';

const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);
const SCHEDULE = [60, 300, 1800, 7200];

describe('jitter', () => {
  it('stays within ±20 % of the step, the centre at 0.5, and is exact for a given draw', () => {
    expect(jittered(60_000, 0)).toBe(48_000);
    expect(jittered(60_000, 0.5)).toBe(60_000);
    expect(jittered(60_000, 0.999_999)).toBe(72_000);
    // A source out of range is held to it.
    expect(jittered(60_000, -3)).toBe(48_000);
    expect(jittered(60_000, 7)).toBe(72_000);
    for (let i = 0; i < 200; i++) {
      const wait = jittered(300_000, Math.random());
      expect(wait).toBeGreaterThanOrEqual(240_000);
      expect(wait).toBeLessThanOrEqual(360_000);
    }
  });
});

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('120', T0)).toBe(T0 + 120_000);
    expect(parseRetryAfter(' 0 ', T0)).toBe(T0);
    expect(parseRetryAfter(new Date(T0 + 5000).toUTCString(), T0)).toBe(T0 + 5000);
    for (const bad of ['', '-5', '1.5', 'soon', '99999999999999999999', '2026-12-06', null, undefined]) {
      expect(parseRetryAfter(bad, T0)).toBeUndefined();
    }
  });

  it('is bounded: at least a second, at most the last step (2 h), only on 429, 502, 503 and 504', () => {
    expect(throttleWait(429, '600', T0, SCHEDULE)).toBe(600_000);
    expect(throttleWait(502, String(5 * 3600), T0, SCHEDULE)).toBe(7_200_000);
    expect(throttleWait(504, new Date(T0 - 60_000).toUTCString(), T0, SCHEDULE)).toBe(1000);
    expect(throttleWait(503, '0', T0, SCHEDULE)).toBe(1000);
    expect(throttleWait(500, '600', T0, SCHEDULE)).toBeUndefined();
    expect(throttleWait(429, null, T0, SCHEDULE)).toBeUndefined();
    // A schedule longer than a day is capped at a day; no schedule means no retries at all.
    expect(throttleWait(429, String(10 * 86_400), T0, [172_800])).toBe(86_400_000);
    expect(throttleWait(429, '600', T0, [])).toBeUndefined();
  });

  it('a throttled answer does not take a step of the schedule while the delivery may still be throttled', () => {
    const base = { schedule: SCHEDULE, nowMs: T0, statusCode: 429, retryAfter: '30' };
    expect(planAfterFailure({ ...base, attempt: 5, mayThrottle: true })).toEqual({
      status: 'retrying',
      nextAttemptAt: T0 + 30_000,
      throttled: true,
    });
    // Once it counts: the later of the step and the wait, and the schedule can run out.
    expect(planAfterFailure({ ...base, attempt: 1, mayThrottle: false })).toEqual({
      status: 'retrying',
      nextAttemptAt: T0 + 60_000,
    });
    expect(planAfterFailure({ ...base, attempt: 5, mayThrottle: false })).toEqual({
      status: 'failed',
      nextAttemptAt: null,
    });
  });
});
