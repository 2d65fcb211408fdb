/**
 * Rate limits for calls with an API key, as sliding windows on the injected
 * clock (0 means unlimited):
 * - `perMinute`: per key at most `incomingPerMinute` calls in any rolling 60 s.
 *   It protects the server, so it counts every call of the key that reached
 *   it, the ones then refused for a missing permission too;
 * - `perKeyPerDay`: per key at most `perKeyDailyLimit(limits)` calls in any
 *   rolling 24 h (by default half the total), so one key can never use up the
 *   day for the others;
 * - `perDay`: all keys together at most `apiCallsPerDay` calls in any rolling
 *   24 h (the seed's 10,000).
 * The two daily windows are the owner's shared budget: only calls that were
 * allowed (valid key, IP whitelist, permission) spend it (`take(keyId, true)`);
 * a call refused for its permission did no work for anyone (`take(keyId, false)`).
 * A refused call (429) is counted nowhere. A limit that is off counts nothing,
 * so one switched on starts counting from then.
 *
 * The windows live in memory on purpose: one process serves the API (the
 * instance lock sees to that), a count that survives a restart is worth less
 * than not writing to SQLite on every call, and a restart at most forgets the
 * current window, never lets more than one window's worth through at once.
 * Calls at the same millisecond share one entry, so memory is bounded by the
 * limit (and by the traffic), not by a fixed array.
 */
import { perKeyDailyLimit, type Settings } from '../../../contract/index.js';
import type { Clock } from '../clock.js';
import { invalid } from '../errors.js';

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

/** The settings the limiter reads on every call (`rateLimits`). */
export type RateLimits = Pick<
  Settings['rateLimits'],
  'incomingPerMinute' | 'apiCallsPerDay' | 'apiCallsPerKeyPerDay'
>;

/** Which limit: the codes a 429's `details.limit` carries. */
export type LimitName = 'perMinute' | 'perKeyPerDay' | 'perDay';

/** What to tell the caller: the figures behind the `RateLimit-*` headers. */
export interface RateDecision {
  allowed: boolean;
  /**
   * On a refusal the limit that refused; else the window closest to refusing
   * (the fewest calls left; on a tie the one whose quota comes back last);
   * null when every limit is off.
   */
  window: LimitName | null;
  limit: number;
  remaining: number;
  /** Seconds until some of that window's quota comes back (on a refusal: until a call is allowed). */
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

/** The three windows as they stand for one key; null where the limit is off. */
export interface RateState {
  minute: WindowState | null;
  keyDay: WindowState | null;
  day: WindowState | null;
}

interface Bound {
  name: LimitName;
  max: number;
  /** Undefined: the key has no calls counted there yet. */
  window: SlidingWindow | undefined;
}

const toSeconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export class RateLimiter {
  private readonly perKeyMinute = new Map<string, SlidingWindow>();
  private readonly perKeyDay = new Map<string, SlidingWindow>();
  private readonly daily = new SlidingWindow(DAY_MS);
  private calls = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: () => RateLimits,
  ) {}

  /**
   * One call by `keyId`: refused (and counted nowhere) when a window it would
   * count in is full, naming the one that keeps it refused longest; else
   * counted in the per-minute window, and in both daily ones when it `spends`
   * (it was allowed: the key holds the route's permission).
   */
  take(keyId: string, spends: boolean): RateDecision {
    const now = this.clock.now();
    const bounds = this.bounds(keyId);
    const counted = bounds.filter((b) => b.name === 'perMinute' || spends);

    let refusal: { bound: Bound; waitMs: number } | undefined;
    for (const bound of counted) {
      const window = bound.window;
      if (!window || window.count(now) < bound.max) continue;
      const waitMs = window.msUntilBelow(bound.max, now);
      // On a tie the later bound wins: the total over the key's own limits.
      if (!refusal || waitMs >= refusal.waitMs) refusal = { bound, waitMs };
    }
    if (refusal) {
      const seconds = toSeconds(refusal.waitMs);
      return {
        allowed: false,
        window: refusal.bound.name,
        limit: refusal.bound.max,
        remaining: 0,
        resetSeconds: seconds,
        retryAfterSeconds: seconds,
      };
    }

    for (const bound of counted) (bound.window ?? this.create(keyId, bound.name)).add(now);
    this.sweep(now);
    return this.closest(this.bounds(keyId), now);
  }

  /** The three windows for `keyId` as they stand, counting nothing (the call itself was counted by `take`). */
  peek(keyId: string): RateState {
    const now = this.clock.now();
    const state = (bound: Bound | undefined): WindowState | null =>
      bound
        ? {
            limit: bound.max,
            remaining: Math.max(0, bound.max - (bound.window?.count(now) ?? 0)),
            resetAt: now + (bound.window?.msUntilOldestLeaves(now) ?? 0),
          }
        : null;
    const bounds = this.bounds(keyId);
    const find = (name: LimitName) => bounds.find((b) => b.name === name);
    return {
      minute: state(find('perMinute')),
      keyDay: state(find('perKeyPerDay')),
      day: state(find('perDay')),
    };
  }

  /** The limits that are on, in the order a tie names them: the key's minute, the key's day, the total. */
  private bounds(keyId: string): Bound[] {
    const limits = this.limits();
    const all: Bound[] = [
      { name: 'perMinute', max: limits.incomingPerMinute, window: this.perKeyMinute.get(keyId) },
      { name: 'perKeyPerDay', max: perKeyDailyLimit(limits), window: this.perKeyDay.get(keyId) },
      { name: 'perDay', max: limits.apiCallsPerDay, window: this.daily },
    ];
    return all.filter((b) => b.max > 0);
  }

  private closest(bounds: Bound[], now: number): RateDecision {
    let best: RateDecision | undefined;
    for (const bound of bounds) {
      const remaining = Math.max(0, bound.max - (bound.window?.count(now) ?? 0));
      const resetSeconds = toSeconds(bound.window?.msUntilOldestLeaves(now) ?? 0);
      if (
        !best ||
        remaining < best.remaining ||
        (remaining === best.remaining && resetSeconds > best.resetSeconds)
      ) {
        best = { allowed: true, window: bound.name, limit: bound.max, remaining, resetSeconds };
      }
    }
    return best ?? { allowed: true, window: null, limit: 0, remaining: 0, resetSeconds: 0 };
  }

  private create(keyId: string, name: LimitName): SlidingWindow {
    const [map, ms] = name === 'perMinute' ? [this.perKeyMinute, MINUTE_MS] : [this.perKeyDay, DAY_MS];
    const window = new SlidingWindow(ms);
    map.set(keyId, window);
    return window;
  }

  /** Now and then, forget keys whose windows have emptied (revoked or idle keys). */
  private sweep(now: number): void {
    if (++this.calls % 1000 !== 0) return;
    for (const map of [this.perKeyMinute, this.perKeyDay]) {
      for (const [keyId, window] of map) if (window.isEmpty(now)) map.delete(keyId);
    }
  }
}

/**
 * `settings.update`'s check across the two daily limits (the contract checks each alone): a key's
 * own daily limit above the total would never bind, so it is refused while both are on.
 */
export function checkDailyLimits(limits: Pick<RateLimits, 'apiCallsPerDay' | 'apiCallsPerKeyPerDay'>): void {
  const { apiCallsPerDay: total, apiCallsPerKeyPerDay: perKey } = limits;
  if (perKey === null || perKey === 0 || total === 0 || perKey <= total) return;
  throw invalid([
    {
      path: 'rateLimits.apiCallsPerKeyPerDay',
      message: `must be at most the total API calls per day (${total}): lower it, leave it empty for half the total, or raise the total`,
    },
  ]);
}
