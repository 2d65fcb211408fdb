/**
 * Rate limits for calls with an API key, as sliding windows on the injected
 * clock: per key at most `incomingPerMinute` calls in any rolling 60 s, and at
 * most `apiCallsPerDay` calls with a valid key in any rolling 24 h, all keys
 * together. 0 means unlimited.
 *
 * The windows live in memory on purpose: one process serves the API (the
 * instance lock sees to that), a count that survives a restart is worth less
 * than not writing to SQLite on every call, and a restart at most forgets the
 * current window, never lets more than one window's worth through at once.
 * Calls at the same millisecond share one entry, so memory is bounded by the
 * limit (and by the traffic), not by a fixed array.
 */
import type { Clock } from '../clock.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * 60_000;

/** A log of call times within a window, oldest first, with counts per distinct time. */
export class SlidingWindow {
  private times: number[] = [];
  private counts: number[] = [];
  private head = 0;
  private total = 0;

  constructor(private readonly windowMs: number) {}

  count(now: number): number {
    this.prune(now);
    return this.total;
  }

  add(now: number): void {
    const last = this.times.length - 1;
    if (last >= this.head && this.times[last] === now) this.counts[last]++;
    else {
      this.times.push(now);
      this.counts.push(1);
    }
    this.total++;
  }

  /** Milliseconds until the count drops below `limit` (0 when it already is). */
  msUntilBelow(limit: number, now: number): number {
    this.prune(now);
    let remaining = this.total;
    for (let i = this.head; i < this.times.length; i++) {
      if (remaining < limit) return Math.max(0, this.times[i - 1] + this.windowMs - now);
      remaining -= this.counts[i];
    }
    return this.times.length > this.head ? this.times[this.times.length - 1] + this.windowMs - now : 0;
  }

  /** Milliseconds until the oldest call leaves the window (when some quota comes back). */
  msUntilOldestLeaves(now: number): number {
    this.prune(now);
    return this.times.length > this.head ? this.times[this.head] + this.windowMs - now : 0;
  }

  isEmpty(now: number): boolean {
    return this.count(now) === 0;
  }

  private prune(now: number): void {
    const cutoff = now - this.windowMs;
    while (this.head < this.times.length && this.times[this.head] <= cutoff) {
      this.total -= this.counts[this.head];
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.counts = this.counts.slice(this.head);
      this.head = 0;
    }
  }
}

export interface RateLimits {
  incomingPerMinute: number;
  apiCallsPerDay: number;
}

/** What to tell the caller: the figures behind the `RateLimit-*` headers. */
export interface RateDecision {
  allowed: boolean;
  /** Which window decided (the one with the least left). */
  window: 'minute' | 'day' | 'none';
  limit: number;
  remaining: number;
  /** Seconds until some of the quota comes back. */
  resetSeconds: number;
  /** On a refusal: seconds until a call would be allowed. */
  retryAfterSeconds?: number;
}

/** One window's state, for `GET /api/v1/me`; `resetAt` is epoch ms. */
export interface WindowState {
  limit: number;
  remaining: number;
  resetAt: number;
}

/** Both windows as they stand; null where the limit is off. */
export interface RateState {
  minute: WindowState | null;
  day: WindowState | null;
}

const toSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export class RateLimiter {
  private readonly perKey = new Map<string, SlidingWindow>();
  private readonly daily = new SlidingWindow(DAY_MS);
  private calls = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: () => RateLimits,
  ) {}

  /** Counts one call by `keyId` if both windows allow it; a refused call is not counted. */
  take(keyId: string): RateDecision {
    const now = this.clock.now();
    const { incomingPerMinute, apiCallsPerDay } = this.limits();
    const minute = this.windowFor(keyId);

    if (incomingPerMinute > 0 && minute.count(now) >= incomingPerMinute) {
      const wait = minute.msUntilBelow(incomingPerMinute, now);
      return this.refusal('minute', incomingPerMinute, wait);
    }
    if (apiCallsPerDay > 0 && this.daily.count(now) >= apiCallsPerDay) {
      const wait = this.daily.msUntilBelow(apiCallsPerDay, now);
      return this.refusal('day', apiCallsPerDay, wait);
    }

    if (incomingPerMinute > 0) minute.add(now);
    if (apiCallsPerDay > 0) this.daily.add(now);
    this.sweep(now);

    const minuteLeft = incomingPerMinute > 0 ? incomingPerMinute - minute.count(now) : Infinity;
    const dayLeft = apiCallsPerDay > 0 ? apiCallsPerDay - this.daily.count(now) : Infinity;
    if (minuteLeft === Infinity && dayLeft === Infinity) {
      return { allowed: true, window: 'none', limit: 0, remaining: 0, resetSeconds: 0 };
    }
    return minuteLeft <= dayLeft
      ? {
          allowed: true,
          window: 'minute',
          limit: incomingPerMinute,
          remaining: minuteLeft,
          resetSeconds: toSeconds(minute.msUntilOldestLeaves(now)),
        }
      : {
          allowed: true,
          window: 'day',
          limit: apiCallsPerDay,
          remaining: dayLeft,
          resetSeconds: toSeconds(this.daily.msUntilOldestLeaves(now)),
        };
  }

  /** Both windows for `keyId` as they stand, counting nothing (the call itself was counted by `take`). */
  peek(keyId: string): RateState {
    const now = this.clock.now();
    const { incomingPerMinute, apiCallsPerDay } = this.limits();
    const state = (limit: number, window: SlidingWindow | undefined): WindowState | null =>
      limit > 0
        ? {
            limit,
            remaining: Math.max(0, limit - (window?.count(now) ?? 0)),
            resetAt: now + (window?.msUntilOldestLeaves(now) ?? 0),
          }
        : null;
    return {
      minute: state(incomingPerMinute, this.perKey.get(keyId)),
      day: state(apiCallsPerDay, this.daily),
    };
  }

  private refusal(window: 'minute' | 'day', limit: number, waitMs: number): RateDecision {
    const seconds = toSeconds(waitMs);
    return { allowed: false, window, limit, remaining: 0, resetSeconds: seconds, retryAfterSeconds: seconds };
  }

  private windowFor(keyId: string): SlidingWindow {
    let window = this.perKey.get(keyId);
    if (!window) {
      window = new SlidingWindow(MINUTE_MS);
      this.perKey.set(keyId, window);
    }
    return window;
  }

  /** Now and then, forget keys whose window has emptied (revoked or idle keys). */
  private sweep(now: number): void {
    if (++this.calls % 1000 !== 0) return;
    for (const [keyId, window] of this.perKey) if (window.isEmpty(now)) this.perKey.delete(keyId);
  }
}
