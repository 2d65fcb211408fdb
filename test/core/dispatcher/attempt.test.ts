/**
 * The pure attempt stage: the signed request it builds and how it classifies
 * each kind of answer. No receiver, no database: every input is given.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import {
  buildRequest,
  classify,
  HIDDEN,
  nextState,
  notSent,
  shownLocation,
} from '../../../main/core/dispatcher/attempt.js';
import type { SendResult } from '../../../main/core/dispatcher/http-sender.js';
import { newSigningSecret } from '../../../main/core/dispatcher/signing.js';

const T0 = Date.UTC(2026, 11, 2, 9, 0, 0);
const SCHEDULE = [60, 300, 1800, 7200];
const delivery = { id: 'dlv_1', webhookId: 'whk_1', attempt: 0 };
const answered = (statusCode: number, extra: Partial<SendResult> = {}): SendResult => ({
  statusCode,
  body: null,
  error: null,
  retryAfter: null,
  location: null,
  durationMs: 12,
  ...extra,
});
const verdictOf = (result: SendResult, attempt = 0) =>
  classify({
    delivery: { ...delivery, attempt },
    startedAt: T0,
    finishedAt: T0 + 12,
    requestHeaders: {},
    result,
    schedule: SCHEDULE,
  });

describe('buildRequest', () => {
  it('signs the stored body so standardwebhooks verifies it, and hides the static header in the log', () => {
    const secret = newSigningSecret();
    const body = JSON.stringify({ id: 'evt_1', type: 'task.created', data: {} });
    const request = buildRequest({
      hook: { url: 'https://example.com/hook', source: 'app', headerName: 'X-Api-Key' },
      eventId: 'evt_1',
      body,
      secrets: [secret],
      headerValue: 'k-123',
      startedAt: Date.now(),
    });
    expect(request.body).toBe(body);
    expect(request.headers['webhook-id']).toBe('evt_1');
    expect(request.headers['X-Api-Key']).toBe('k-123');
    expect(request.loggedHeaders['X-Api-Key']).toBe(HIDDEN);
    expect(request.publicOnly).toBe(false);
    expect(() => new Webhook(secret).verify(body, request.headers)).not.toThrow();
  });

  it('signs with every secret during a rotation, and keeps a key subscription to a name off the LAN', () => {
    const request = buildRequest({
      hook: { url: 'https://hooks.example.com/x', source: 'api', headerName: null },
      eventId: 'evt_1',
      body: '{}',
      secrets: [newSigningSecret(), newSigningSecret()],
      headerValue: null,
      startedAt: T0,
    });
    expect(request.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(request.headers['webhook-timestamp']).toBe(String(T0 / 1000));
    expect(request.publicOnly).toBe(true);
    expect(request.loggedHeaders).toEqual(request.headers);
  });
});

describe('classify', () => {
  it('2xx is delivered', () => {
    const attempt = verdictOf(answered(204));
    expect(attempt).toMatchObject({ attempt: 1, error: null, verdict: { kind: 'delivered' } });
    expect(nextState(attempt.verdict)).toEqual({ status: 'success', nextAttemptAt: null });
  });

  it('a failure is retried after the schedule step of its attempt, until the schedule runs out', () => {
    expect(verdictOf(answered(500))).toMatchObject({
      error: 'HTTP 500',
      verdict: { kind: 'retry', at: T0 + 12 + 60_000 },
    });
    expect(verdictOf(notSent('ECONNREFUSED: connect ECONNREFUSED'), 2)).toMatchObject({
      attempt: 3,
      error: 'ECONNREFUSED: connect ECONNREFUSED',
      verdict: { kind: 'retry', at: T0 + 12 + 1_800_000 },
    });
    const last = verdictOf(answered(500), 4);
    expect(last.verdict).toEqual({ kind: 'exhausted' });
    expect(nextState(last.verdict)).toEqual({ status: 'failed', nextAttemptAt: null });
  });

  it('honours Retry-After on 429 when it asks for longer than the schedule', () => {
    expect(verdictOf(answered(429, { retryAfter: '600' })).verdict).toEqual({
      kind: 'retry',
      at: T0 + 12 + 600_000,
    });
  });

  it('a redirect is not followed: a failure that says where it pointed', () => {
    expect(verdictOf(answered(301, { location: 'https://elsewhere.example/' })).error).toBe(
      'HTTP 301: redirect to https://elsewhere.example/ not followed',
    );
  });

  it("a redirect's Location is shown without control characters and at most 200 characters long", () => {
    expect(shownLocation('https://evil.example/\r\nX-Injected: 1\u0007\u001b[31m\u2028')).toBe(
      'https://evil.example/X-Injected: 1[31m',
    );
    expect(shownLocation(`https://a.example/${'x'.repeat(500)}`)).toBe(
      `https://a.example/${'x'.repeat(200 - 1 - 'https://a.example/'.length)}…`,
    );
    expect(verdictOf(answered(307, { location: 'https://b.example/\u0000ok' })).error).toBe(
      'HTTP 307: redirect to https://b.example/ok not followed',
    );
  });

  it('410 Gone fails the delivery and names why the webhook is disabled', () => {
    const attempt = verdictOf(answered(410));
    expect(attempt.verdict).toEqual({
      kind: 'gone',
      reason:
        'The receiver answered 410 Gone on 2026-12-02T09:00:00.012Z (delivery dlv_1): it no longer wants these events',
    });
    expect(nextState(attempt.verdict)).toEqual({ status: 'failed', nextAttemptAt: null });
  });
});
