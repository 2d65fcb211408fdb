/** Standard Webhooks verification (node:crypto) against signatures the `standardwebhooks` library makes. */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { verifySignature } from '../generated/signature';

const SECRET = `whsec_${Buffer.from('a-secret-of-at-least-24-bytes!!').toString('base64')}`;
const OTHER = `whsec_${Buffer.from('another-secret-24-bytes-long!!').toString('base64')}`;
const NOW = Date.UTC(2026, 11, 2, 9, 0, 0);
const BODY = JSON.stringify({
  id: 'evt_1',
  type: 'task.created',
  timestamp: '2026-12-02T09:00:00.000Z',
  data: {},
});

function signed(secret: string, body = BODY, at = NOW) {
  const id = 'msg_2Lh9';
  const signature = new Webhook(secret).sign(id, new Date(at), body);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at / 1000)),
    'webhook-signature': signature,
  };
}

describe('verifySignature', () => {
  it('accepts what the library signs, as a string or as the raw bytes', () => {
    expect(verifySignature(SECRET, signed(SECRET), BODY, NOW)).toEqual({ ok: true });
    expect(verifySignature(SECRET, signed(SECRET), Buffer.from(BODY), NOW)).toEqual({ ok: true });
  });

  it('refuses a tampered body', () => {
    expect(verifySignature(SECRET, signed(SECRET), BODY.replace('task', 'tusk'), NOW)).toEqual({
      ok: false,
      reason: 'no signature matches',
    });
  });

  it('refuses a signature made with another secret', () => {
    expect(verifySignature(SECRET, signed(OTHER), BODY, NOW)).toEqual({
      ok: false,
      reason: 'no signature matches',
    });
  });

  it('refuses a timestamp more than 5 minutes old or ahead, and accepts one just inside', () => {
    const stale = 'webhook-timestamp is more than 5 minutes away from now';
    expect(verifySignature(SECRET, signed(SECRET, BODY, NOW - 301_000), BODY, NOW)).toEqual({
      ok: false,
      reason: stale,
    });
    expect(verifySignature(SECRET, signed(SECRET, BODY, NOW + 301_000), BODY, NOW)).toEqual({
      ok: false,
      reason: stale,
    });
    expect(verifySignature(SECRET, signed(SECRET, BODY, NOW - 299_000), BODY, NOW)).toEqual({ ok: true });
  });

  it('accepts any of several space-separated v1 signatures (a secret rotation)', () => {
    const old = signed(OTHER);
    const current = signed(SECRET);
    const both = {
      ...current,
      'webhook-signature': `${old['webhook-signature']} ${current['webhook-signature']}`,
    };
    expect(verifySignature(SECRET, both, BODY, NOW)).toEqual({ ok: true });
    expect(verifySignature(OTHER, both, BODY, NOW)).toEqual({ ok: true });
  });

  it('refuses missing headers, a timestamp that is no number, and other versions', () => {
    const headers = signed(SECRET);
    expect(verifySignature(SECRET, { ...headers, 'webhook-id': undefined }, BODY, NOW)).toEqual({
      ok: false,
      reason: 'missing webhook-id, webhook-timestamp or webhook-signature',
    });
    expect(verifySignature(SECRET, { ...headers, 'webhook-timestamp': 'soon' }, BODY, NOW)).toEqual({
      ok: false,
      reason: 'webhook-timestamp is not a number of seconds',
    });
    const v2 = headers['webhook-signature'].replace(/^v1,/, 'v2,');
    expect(verifySignature(SECRET, { ...headers, 'webhook-signature': v2 }, BODY, NOW)).toEqual({
      ok: false,
      reason: 'no signature matches',
    });
  });
});
