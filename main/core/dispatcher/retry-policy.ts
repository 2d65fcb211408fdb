/**
 * What follows a failed attempt. Each step of `retrySchedule` is the wait
 * after the previous failure (the seed's +1 min, +5 min, +30 min, +2 h); when
 * the schedule runs out the delivery is `failed`. `Retry-After` on 429 and
 * 503 is honoured: the later of it and the schedule, capped at a day so a
 * receiver cannot park a delivery for months.
 */
export const RETRY_AFTER_CAP_MS = 24 * 3_600_000;

/** `Retry-After` as an absolute time (ms): delta-seconds or an HTTP date; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return nowMs + Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : date;
}

export interface FailureInput {
  /** The attempt that just failed, 1-based. */
  attempt: number;
  schedule: number[];
  nowMs: number;
  statusCode: number | null;
  retryAfter: string | null;
}

export type NextStep =
  { status: 'retrying'; nextAttemptAt: number } | { status: 'failed'; nextAttemptAt: null };

export function planAfterFailure(input: FailureInput): NextStep {
  const step = input.schedule[input.attempt - 1];
  if (step === undefined) return { status: 'failed', nextAttemptAt: null };
  let next = input.nowMs + step * 1000;
  if (input.statusCode === 429 || input.statusCode === 503) {
    const asked = parseRetryAfter(input.retryAfter, input.nowMs);
    if (asked !== undefined) next = Math.max(next, Math.min(asked, input.nowMs + RETRY_AFTER_CAP_MS));
  }
  return { status: 'retrying', nextAttemptAt: next };
}
