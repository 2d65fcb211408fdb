/**
 * What follows a failed attempt, as the Standard Webhooks advice has it.
 *
 * - Each step of `retrySchedule` is the wait after the previous failure (the
 *   seed's +1 min, +5 min, +30 min, +2 h), with ±20 % jitter around it so a
 *   receiver that was down is not hit by every delivery in the same second;
 *   the random source is injected (`DispatcherOptions.random`), so tests are
 *   exact. When the schedule runs out the delivery is `failed`.
 * - 429, 502, 503 and 504 with a readable `Retry-After` (seconds or an HTTP
 *   date) slow the webhook down instead of burning the schedule: the delivery
 *   is tried again when the receiver asked, and that attempt does not count as
 *   one of the schedule's retries, for the first day of the delivery
 *   (`THROTTLE_WINDOW_MS`); after that such answers count like any failure,
 *   so a receiver that always says "later" cannot park a delivery forever. The
 *   wait asked for is bounded: at least a second (a date in the past, or 0,
 *   never hammers), at most the schedule's last step and never beyond a day.
 */
export const RETRY_AFTER_CAP_MS = 24 * 3_600_000;
/** How far each retry may move from the schedule's step, either way. */
export const JITTER = 0.2;
/** The shortest wait a throttling answer gets. */
export const MIN_THROTTLE_MS = 1000;
/** How long after a delivery was made a throttling answer does not count as a retry. */
export const THROTTLE_WINDOW_MS = 24 * 3_600_000;
/** The answers that ask the sender to slow down when they carry `Retry-After`. */
export const THROTTLING_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/** `Retry-After` as an absolute time (ms): delta-seconds or an HTTP date; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d{1,10}$/.test(trimmed)) return nowMs + Number(trimmed) * 1000;
  // An HTTP date names its weekday: a bare number too long for seconds is not one.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : date;
}

/**
 * The wait a throttling answer asks for, bounded: never below `MIN_THROTTLE_MS`, never beyond the
 * schedule's last step nor a day. Undefined when the answer does not throttle or the header is unreadable.
 */
export function throttleWait(
  statusCode: number | null,
  retryAfter: string | null,
  nowMs: number,
  schedule: readonly number[],
): number | undefined {
  if (statusCode === null || !THROTTLING_STATUSES.has(statusCode) || schedule.length === 0) return undefined;
  const asked = parseRetryAfter(retryAfter, nowMs);
  if (asked === undefined) return undefined;
  const longest = Math.min(schedule[schedule.length - 1] * 1000, RETRY_AFTER_CAP_MS);
  return Math.min(Math.max(asked - nowMs, MIN_THROTTLE_MS), Math.max(longest, MIN_THROTTLE_MS));
}

/** A step of the schedule with its jitter: `random` in [0, 1), 0.5 is the step itself. */
export function jittered(stepMs: number, random: number): number {
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(stepMs * (1 - JITTER + 2 * JITTER * r));
}

export interface FailureInput {
  /** The attempt that just failed, as the schedule counts them (throttled ones not), 1-based. */
  attempt: number;
  schedule: number[];
  nowMs: number;
  statusCode: number | null;
  retryAfter: string | null;
  /** The jitter's draw in [0, 1); the step itself when absent. */
  random?: number;
  /** Whether a throttling answer may still not count (the delivery is younger than `THROTTLE_WINDOW_MS`). */
  mayThrottle?: boolean;
}

export type NextStep =
  { status: 'retrying'; nextAttemptAt: number; throttled?: true } | { status: 'failed'; nextAttemptAt: null };

export function planAfterFailure(input: FailureInput): NextStep {
  const { nowMs, schedule } = input;
  const wait = throttleWait(input.statusCode, input.retryAfter, nowMs, schedule);
  if (wait !== undefined && input.mayThrottle) {
    return { status: 'retrying', nextAttemptAt: nowMs + wait, throttled: true };
  }
  const step = schedule[input.attempt - 1];
  if (step === undefined) return { status: 'failed', nextAttemptAt: null };
  const next = nowMs + jittered(step * 1000, input.random ?? 0.5);
  return { status: 'retrying', nextAttemptAt: wait === undefined ? next : Math.max(next, nowMs + wait) };
}
