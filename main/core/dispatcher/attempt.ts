/**
 * One attempt, the pure stage between the loop and the wire: the signed
 * request to send, and the answer classified into what follows. No I/O, no
 * clock, no storage: every input is given, so each rule is tested alone.
 *
 * - The request: the stored event as the body (byte for byte the same on every
 *   attempt), `webhook-id` the event id, `webhook-timestamp` this attempt's time
 *   (a retry hours later still verifies within the receivers' tolerance), one
 *   signature per secret that signs now; the optional static header (a
 *   credential: the log shows that it was sent, not its value; one the HTTP
 *   client cannot send, stored by an older version, is left out and the log
 *   says why, so it does not fail every delivery).
 * - The answer: 2xx is delivered; 410 Gone fails the delivery and disables the
 *   webhook; a redirect is not followed (a failure saying where it pointed, the
 *   `Location` shown bounded and without control characters); any other
 *   status, a network error or a timeout is retried on the schedule with its
 *   jitter (`retry-policy.ts`) until it runs out; 429/502/503/504 with
 *   `Retry-After` slow the webhook down without counting as a retry.
 */
import { toIso } from '../clock.js';
import { USER_AGENT, type SendResult } from './http-sender.js';
import { unsendableHeader } from './header-rules.js';
import { planAfterFailure, THROTTLE_WINDOW_MS } from './retry-policy.js';
import { signedHeaders } from './signing.js';
import { hostIsIpLiteral } from './url-policy.js';

/** A custom header's value is a credential: the log shows that it was sent, not what it was. */
export const HIDDEN = '(hidden)';
/** What the log shows for a static header the HTTP client cannot send. */
export const notSentNote = (why: string): string => `(not sent: ${why})`;

export interface RequestInput {
  hook: { url: string; source: string; headerName: string | null };
  eventId: string;
  body: string;
  /** The secrets that sign now, newest first (opened). */
  secrets: string[];
  /** The static header's value, opened; null without one. */
  headerValue: string | null;
  startedAt: number;
}

export interface AttemptRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The headers as the log keeps them (the static header's value hidden). */
  loggedHeaders: Record<string, string>;
  /** A key's subscription to a name was checked as public: DNS may not point it at the LAN. */
  publicOnly: boolean;
}

export function buildRequest(input: RequestInput): AttemptRequest {
  const { hook, eventId, body, secrets, headerValue, startedAt } = input;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    ...signedHeaders(secrets, eventId, startedAt, body),
  };
  const header = hook.headerName && headerValue ? hook.headerName : null;
  // Stored by an older version that let it through: the delivery goes without it, and its log says why.
  const unsendable = header ? unsendableHeader(header, headerValue!) : null;
  if (header && !unsendable) headers[header] = headerValue!;
  return {
    url: hook.url,
    headers,
    body,
    loggedHeaders: header ? { ...headers, [header]: unsendable ? notSentNote(unsendable) : HIDDEN } : headers,
    publicOnly: hook.source === 'api' && !hostIsIpLiteral(hook.url),
  };
}

/** What follows an attempt. */
export type Verdict =
  | { kind: 'delivered' }
  /** `throttled`: the receiver asked to wait (`Retry-After`); this attempt is not one of the schedule's. */
  | { kind: 'retry'; at: number; throttled?: true }
  /** The schedule ran out: the delivery is failed. */
  | { kind: 'exhausted' }
  /** 410 Gone: the delivery is failed and the webhook disabled with this reason. */
  | { kind: 'gone'; reason: string }
  /** It can never be sent (its event's data is unreadable): failed at once, not the receiver's doing. */
  | { kind: 'unsendable' };

/** One attempt as it is recorded. */
export interface Attempt {
  deliveryId: string;
  webhookId: string;
  /** 1-based. */
  attempt: number;
  startedAt: number;
  finishedAt: number;
  requestHeaders: Record<string, string>;
  responseCode: number | null;
  responseBody: string | null;
  durationMs: number;
  error: string | null;
  verdict: Verdict;
}

export interface ClassifyInput {
  /** `attempt`: the attempts the schedule counted so far; `createdAt`: when the delivery was made (a throttling answer counts once it is a day old). */
  delivery: { id: string; webhookId: string; attempt: number; createdAt?: number };
  startedAt: number;
  finishedAt: number;
  requestHeaders: Record<string, string>;
  result: SendResult;
  /** `retrySchedule` in seconds. */
  schedule: number[];
  /** The jitter's draw in [0, 1) (`DispatcherOptions.random`); the schedule's step itself when absent. */
  random?: number;
}

/** The most of a redirect's `Location` the log shows. */
export const LOCATION_SHOWN_MAX = 200;

/** A receiver's `Location` as the log shows it: no control characters, at most `LOCATION_SHOWN_MAX` characters. */
export function shownLocation(location: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = location.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '').trim();
  return clean.length > LOCATION_SHOWN_MAX ? `${clean.slice(0, LOCATION_SHOWN_MAX - 1)}…` : clean;
}

export function classify(input: ClassifyInput): Attempt {
  const { delivery, startedAt, finishedAt, result } = input;
  const attempt = delivery.attempt + 1;
  const code = result.statusCode;
  const ok = code !== null && code >= 200 && code < 300;
  let error = result.error;
  if (!ok && error === null && code !== null) {
    error =
      code >= 300 && code < 400
        ? `HTTP ${code}: redirect${result.location ? ` to ${shownLocation(result.location)}` : ''} not followed`
        : `HTTP ${code}`;
  }
  let verdict: Verdict;
  if (result.unsendable) verdict = { kind: 'unsendable' };
  else if (ok) verdict = { kind: 'delivered' };
  else if (code === 410) {
    verdict = {
      kind: 'gone',
      reason: `The receiver answered 410 Gone on ${toIso(finishedAt)} (delivery ${delivery.id}): it no longer wants these events`,
    };
  } else {
    const next = planAfterFailure({
      attempt,
      schedule: input.schedule,
      nowMs: finishedAt,
      statusCode: code,
      retryAfter: result.retryAfter,
      random: input.random,
      mayThrottle: delivery.createdAt !== undefined && finishedAt - delivery.createdAt < THROTTLE_WINDOW_MS,
    });
    if (next.status === 'failed') verdict = { kind: 'exhausted' };
    else if (next.throttled) {
      verdict = { kind: 'retry', at: next.nextAttemptAt, throttled: true };
      error = `${error ?? `HTTP ${code}`}: slowed down until ${toIso(next.nextAttemptAt)} as the receiver's Retry-After asks (not counted as a retry)`;
    } else verdict = { kind: 'retry', at: next.nextAttemptAt };
  }
  return {
    deliveryId: delivery.id,
    webhookId: delivery.webhookId,
    attempt,
    startedAt,
    finishedAt,
    requestHeaders: input.requestHeaders,
    responseCode: code,
    responseBody: result.body,
    durationMs: result.durationMs,
    error,
    verdict,
  };
}

/** An attempt that never reached the wire (the event is gone, or the request could not be made). */
export function notSent(error: string): SendResult {
  return { statusCode: null, body: null, error, retryAfter: null, location: null, durationMs: 0 };
}

/** An attempt that never reached the wire and never can: the delivery fails at once. */
export function unsendable(error: string): SendResult {
  return { ...notSent(error), unsendable: true };
}

/** The delivery's status after an attempt, and its next attempt time. */
export function nextState(verdict: Verdict): {
  status: 'success' | 'retrying' | 'failed';
  nextAttemptAt: number | null;
} {
  switch (verdict.kind) {
    case 'delivered':
      return { status: 'success', nextAttemptAt: null };
    case 'retry':
      return { status: 'retrying', nextAttemptAt: verdict.at };
    default:
      return { status: 'failed', nextAttemptAt: null };
  }
}
