/**
 * Wrong and hostile headers on every public endpoint: no key, a malformed
 * Authorization, a 10 KB bogus key, a wrong admin token, a foreign Host on
 * /admin, odd Accept and content types. Each gets its exact status and
 * message, never a 5xx; the open endpoints still answer 200.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createHarness, PORT, type Harness } from '../support/server.js';
import { publicEndpoints, type Endpoint } from './endpoints.js';
import { DOCUMENT_LINK_REFUSED } from '../../main/core/server/routes/documents.js';
import { storeOf } from '../../main/core/store/database.js';

let h: Harness;
let endpoints: Endpoint[];
beforeAll(async () => {
  h = await createHarness();
  h.core.settings.update({ rateLimits: { incomingPerMinute: 0, apiCallsPerDay: 0 } });
  endpoints = await publicEndpoints(h);
});
afterAll(() => h.close());

async function everywhere(
  filter: (e: Endpoint) => boolean,
  headers: Record<string, string>,
  expected: { status: number; message?: string },
): Promise<void> {
  const wrong: string[] = [];
  const chosen = endpoints.filter(filter);
  expect(chosen.length).toBeGreaterThan(0);
  for (const endpoint of chosen) {
    const res = await h.app.inject({
      method: endpoint.method,
      url: endpoint.url,
      headers: { ...(endpoint.body ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(endpoint.body ? { payload: '{}' } : {}),
    });
    const message =
      res.statusCode >= 400 ? (res.json() as { error: { message: string } }).error.message : undefined;
    if (
      res.statusCode !== expected.status ||
      (expected.message !== undefined && message !== expected.message)
    ) {
      wrong.push(`${endpoint.method} ${endpoint.url}: ${res.statusCode} ${message ?? ''}`);
    }
  }
  expect(wrong).toEqual([]);
}

const withKey = (e: Endpoint) => e.auth === 'key';
const admin = (e: Endpoint) => e.auth === 'admin';
const ownHost = { host: `127.0.0.1:${PORT}` };
const HOST_MESSAGE =
  'Host "evil.example:4317" is not this server\'s own address; open dVersum through 127.0.0.1 or localhost, ' +
  'or add the name to DVERSUM_ADMIN_HOSTS (DNS rebinding protection)';

describe('wrong headers on the API (a key needed)', () => {
  it('no Authorization: 401', () =>
    everywhere(
      withKey,
      {},
      { status: 401, message: 'Missing API key: send the header Authorization: Bearer ik_live_…' },
    ));

  it('Basic instead of Bearer: 401', () =>
    everywhere(
      withKey,
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { status: 401, message: 'Malformed Authorization header: expected "Bearer ik_live_…"' },
    ));

  it('a 10 KB bogus key: 401', () =>
    everywhere(
      withKey,
      { authorization: `Bearer ik_live_${'A'.repeat(10_000)}` },
      {
        status: 401,
        message: 'Unknown API key: check that the whole key was copied (it starts with ik_live_)',
      },
    ));

  it('SQL in the key: 401, and the tables are still there', async () => {
    await everywhere(
      withKey,
      { authorization: "Bearer ik_live_' OR 1=1; DROP TABLE api_keys;--" },
      { status: 401, message: 'Malformed Authorization header: expected "Bearer ik_live_…"' },
    );
    expect(storeOf(h.core.store).sqlite.prepare('SELECT count(*) AS n FROM api_keys').get()).toBeDefined();
  });
});

describe('wrong headers on /admin/rpc (the admin token needed)', () => {
  it('no token: 401', () =>
    everywhere(admin, ownHost, {
      status: 401,
      message: 'Missing admin token: send Authorization: Bearer <admin token>',
    }));

  it('a wrong token: 401', () =>
    everywhere(
      admin,
      { ...ownHost, authorization: `Bearer ${ADMIN_TOKEN}x` },
      { status: 401, message: 'Wrong admin token' },
    ));

  it('Basic instead of Bearer: 401 that says the header is malformed, as the API does', () =>
    everywhere(
      admin,
      { ...ownHost, authorization: 'Basic YWRtaW46YWRtaW4=' },
      { status: 401, message: 'Malformed Authorization header: expected "Bearer <admin token>"' },
    ));

  it('a huge token: 401', () =>
    everywhere(
      admin,
      { ...ownHost, authorization: `Bearer ${'t'.repeat(20_000)}` },
      { status: 401, message: 'Wrong admin token' },
    ));

  it('a foreign Host (DNS rebinding), even with the right token: 403', () =>
    everywhere(
      admin,
      { host: 'evil.example:4317', authorization: `Bearer ${ADMIN_TOKEN}` },
      { status: 403, message: HOST_MESSAGE },
    ));
});

describe('the signed document link', () => {
  it('ignores hostile headers and keys: without its signature it is the one refusal, a 404', () =>
    everywhere(
      (e) => e.auth === 'link',
      {
        authorization: 'Basic ' + 'A'.repeat(10_000),
        'x-forwarded-for': '1.2.3.4, <script>',
        cookie: 'a='.repeat(2000),
      },
      { status: 404, message: DOCUMENT_LINK_REFUSED },
    ));
});

describe('the open endpoints ignore hostile headers', () => {
  it('/healthz, the OpenAPI document and /api/docs answer 200', () =>
    everywhere(
      (e) => e.auth === 'none',
      {
        authorization: 'Bearer <script>',
        accept: 'text/html;q=0.1, */*;q=0.01, x'.repeat(100),
        'accept-language': "'; DROP TABLE tasks;--",
        'x-forwarded-for': '1.2.3.4, <script>, ::1, 999.999.999.999',
        cookie: 'a='.repeat(2000),
      },
      { status: 200 },
    ));
});
