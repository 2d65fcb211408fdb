/**
 * Generated malformed bodies against every endpoint that takes one (the REST
 * API, the incoming webhooks, REST hooks and every contract operation at
 * /admin/rpc): invalid UTF-8, JSON nested 10,000 deep, over 1 MiB, `__proto__`
 * and `constructor` keys, truncated JSON, the wrong content type. Each gets its
 * exact 4xx and message; nothing is written; no 5xx; the process stays up and
 * its memory bounded.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATION_NAMES } from '../../contract/index.js';
import { ADMIN_TOKEN, createHarness, PORT, rowCounts, type Harness } from '../support/server.js';
import { ALL_PERMISSIONS, publicEndpoints, type Endpoint } from './endpoints.js';

interface Malformed {
  name: string;
  payload: string | Buffer;
  contentType?: string;
  status: number;
  message: string | RegExp;
}

const MiB = 1024 * 1024;
const MALFORMED: Malformed[] = [
  {
    name: 'invalid UTF-8',
    payload: Buffer.concat([
      Buffer.from('{"title":"caf'),
      Buffer.from([0xc3, 0x28, 0xff, 0xfe]),
      Buffer.from('"}'),
    ]),
    status: 400,
    message: 'Malformed JSON in request body: it is not valid UTF-8 text',
  },
  {
    name: 'an array nested 10,000 deep',
    payload: '['.repeat(10_000) + ']'.repeat(10_000),
    status: 400,
    message: 'Malformed JSON in request body: nested deeper than 64 levels',
  },
  {
    name: 'an object nested 10,000 deep',
    payload: '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000),
    status: 400,
    message: 'Malformed JSON in request body: nested deeper than 64 levels',
  },
  {
    name: 'a 1 MiB string (body over the limit)',
    payload: JSON.stringify({ title: 'x'.repeat(MiB), name: 'x' }),
    status: 413,
    message: 'Request body is larger than 1 MiB (1,048,576 bytes)',
  },
  {
    name: 'a __proto__ key',
    payload: '{"__proto__":{"isAdmin":true},"title":"x","name":"x"}',
    status: 400,
    message: 'Malformed JSON in request body: the key "__proto__" is not allowed',
  },
  {
    name: 'a constructor.prototype key',
    payload: '{"constructor":{"prototype":{"isAdmin":true}},"title":"x"}',
    status: 400,
    message: 'Malformed JSON in request body: the key "constructor" is not allowed',
  },
  {
    name: 'truncated JSON',
    payload: '{"title": "Reply to',
    status: 400,
    message: /^Malformed JSON in request body: /,
  },
  {
    name: 'an empty body',
    payload: '',
    status: 400,
    message: 'Request body is empty: send a JSON object with Content-Type: application/json',
  },
  {
    name: 'text/plain',
    payload: 'title=x',
    contentType: 'text/plain',
    status: 415,
    message: 'Unsupported Content-Type "text/plain": send the body as application/json',
  },
  {
    name: 'form encoding',
    payload: 'title=x',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
    message:
      'Unsupported Content-Type "application/x-www-form-urlencoded": send the body as application/json',
  },
];

let h: Harness;
let key: string;
let endpoints: Endpoint[];
beforeAll(async () => {
  h = await createHarness();
  key = h.key([...ALL_PERMISSIONS]);
  // Hundreds of calls with one key: the rate limits have their own test (rate-limit-boundary).
  h.core.settings.update({ rateLimits: { incomingPerMinute: 0, apiCallsPerDay: 0 } });
  endpoints = (await publicEndpoints(h)).filter((e) => e.body);
});
afterAll(() => h.close());

function send(endpoint: Endpoint, payload: string | Buffer, contentType = 'application/json') {
  const auth =
    endpoint.auth === 'admin'
      ? { authorization: `Bearer ${ADMIN_TOKEN}`, host: `127.0.0.1:${PORT}` }
      : { authorization: `Bearer ${key}` };
  return h.app.inject({
    method: endpoint.method,
    url: endpoint.url,
    headers: { ...auth, 'content-type': contentType },
    payload,
  });
}

describe('malformed bodies on every endpoint that takes one', () => {
  it('covers the incoming webhooks, REST hooks and every contract operation', () => {
    const urls = endpoints.map((e) => `${e.method} ${e.url}`);
    expect(urls).toContain('POST /api/v1/webhooks/incoming/tasks');
    expect(urls).toContain('PATCH /api/v1/webhooks/incoming/clients/cli_01kfa3v2m8q9w4e5r6t7y8x9z0');
    expect(urls).toContain('POST /api/v1/webhooks');
    expect(urls).toContain('POST /admin/rpc/keys.create');
    expect(endpoints.filter((e) => e.auth === 'admin')).toHaveLength(OPERATION_NAMES.length);
  });

  for (const bad of MALFORMED) {
    it(`${bad.name}: ${bad.status} with its message everywhere, nothing written`, async () => {
      const before = rowCounts(h.core);
      const wrong: string[] = [];
      for (const endpoint of endpoints) {
        const res = await send(endpoint, bad.payload, bad.contentType);
        const body = res.json() as { error?: { message?: string } };
        const message = body.error?.message ?? '';
        const ok =
          res.statusCode === bad.status &&
          (typeof bad.message === 'string' ? message === bad.message : bad.message.test(message));
        if (!ok) wrong.push(`${endpoint.method} ${endpoint.url}: ${res.statusCode} ${message}`);
      }
      expect(wrong).toEqual([]);
      expect(rowCounts(h.core)).toEqual(before);
    });
  }

  it('generated bytes, strings and cut-off JSON (fast-check): never a 5xx, nothing written when refused', async () => {
    const cutJson = fc.json().chain((json) => fc.nat({ max: json.length }).map((n) => json.slice(0, n)));
    const payload = fc.oneof(
      fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes)),
      fc.string(),
      cutJson,
      fc.json(),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), payload, async (endpoint, body) => {
        const before = rowCounts(h.core);
        const res = await send(endpoint, body);
        expect(res.statusCode).toBeLessThan(500);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        if (res.statusCode >= 400) expect(rowCounts(h.core)).toEqual(before);
      }),
      { numRuns: 400 },
    );
  });

  it('afterwards the server still answers, and its memory stayed bounded', async () => {
    const rssBefore = process.memoryUsage.rss();
    // Another round of the heaviest ones, to see memory settle rather than grow.
    for (let round = 0; round < 3; round++) {
      for (const endpoint of endpoints.slice(0, 20)) {
        await send(endpoint, MALFORMED[1].payload);
        await send(endpoint, MALFORMED[3].payload);
      }
    }
    const growth = process.memoryUsage.rss() - rssBefore;
    expect(growth).toBeLessThan(100 * MiB);
    expect((await h.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const res = await h.call(key, {
      method: 'POST',
      url: '/api/v1/webhooks/incoming/tasks',
      payload: { title: 'Still here' },
    });
    expect(res.statusCode).toBe(201);
  });
});
