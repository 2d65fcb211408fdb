/**
 * An attempt's headers as stored (store/attempt-headers.ts): what follows from the row is left out,
 * a signed send's signatures are kept as their bytes (set 2), and the log gets back exactly the
 * headers that were sent, in the order they were sent.
 */
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { USER_AGENT } from '../../../main/core/dispatcher/http-sender.js';
import { sentHeaders, storeHeaders } from '../../../main/core/store/attempt-headers.js';
import { openStore } from '../../../main/core/store/database.js';
import { createOutgoingStore } from '../../../main/core/store/outgoing-store.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const T = 1_796_000_000_123;
const mac = (key: string) => `v1,${createHmac('sha256', key).update('evt_01.1796000000.{}').digest('base64')}`;
const base = {
  'content-type': 'application/json',
  'user-agent': USER_AGENT,
  'webhook-id': 'evt_01',
  'webhook-timestamp': String(Math.floor(T / 1000)),
};

describe("an attempt's stored headers", () => {
  it('keeps one or two signatures as 32 bytes each, and gives the headers back as sent', () => {
    for (const signature of [mac('a'), `${mac('a')} ${mac('b')}`]) {
      const sent = { ...base, 'webhook-signature': signature };
      const stored = storeHeaders(sent, 'evt_01', T);
      expect(stored.standard).toBe(2);
      expect(stored.json).toBe('');
      expect(stored.signatures?.length).toBe(signature.split(' ').length * 32);
      const back = sentHeaders(stored, 'evt_01', T);
      expect(back).toEqual(sent);
      expect(Object.keys(back)).toEqual(Object.keys(sent));
    }
  });

  it('keeps a signature it could not give back byte for byte, or with other headers, as JSON (set 1)', () => {
    const odd = [
      { ...base, 'webhook-signature': mac('a').slice(0, -2) + 'B=' }, // not base64's own spelling of its bytes
      { ...base, 'webhook-signature': 'v2,abc' },
      { ...base, 'webhook-signature': `${mac('a')}  ${mac('b')}` },
      { ...base, 'webhook-signature': mac('a'), 'x-auth': '(hidden)' },
      { ...base, 'x-auth': '(hidden)', 'webhook-signature': mac('a') },
    ];
    for (const sent of odd) {
      const stored = storeHeaders(sent, 'evt_01', T);
      expect(stored.standard).toBe(1);
      expect(stored.signatures).toBe(null);
      expect(sentHeaders(stored, 'evt_01', T)).toEqual(sent);
      expect(Object.keys(sentHeaders(stored, 'evt_01', T))).toEqual(Object.keys(sent));
    }
  });

  it('round-trips through the attempts table', () => {
    dir = mkdtempSync(join(tmpdir(), 'dversum-headers-'));
    const store = openStore(join(dir, 'dversum.db'));
    try {
      store.sqlite.exec(`
        INSERT INTO webhooks (id, name, url, events, enabled, secret, source, created_at, updated_at)
          VALUES ('whk_a', 'a', 'http://127.0.0.1:9/a', '["*"]', 1, 'whsec_x', 'app', ${T}, ${T});
        INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempt, created_at, updated_at)
          VALUES ('dlv_01', 'whk_a', 'evt_01', 'task.created', 'success', 1, ${T}, ${T});`);
      const log = createOutgoingStore(store);
      const sent = { ...base, 'webhook-signature': `${mac('a')} ${mac('b')}` };
      const attempt = {
        deliveryId: 'dlv_01',
        attempt: 1,
        startedAt: T,
        responseCode: 200,
        responseBody: 'ok',
        durationMs: 3,
        error: null,
        outcome: 'success',
      };
      log.attempts.insert({ ...attempt, eventId: 'evt_01', requestHeaders: sent });
      expect(log.attempts.forDelivery('dlv_01')).toEqual([{ ...attempt, requestHeaders: sent }]);
      expect(
        store.sqlite
          .prepare('SELECT request_headers AS h, standard_headers AS s, length(signatures) AS n FROM delivery_attempts')
          .get(),
      ).toEqual({ h: '', s: 2, n: 64 });
    } finally {
      store.close();
    }
  });
});
