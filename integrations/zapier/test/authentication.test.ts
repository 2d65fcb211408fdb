import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App, appTester, failureOf, startDversum, type Dversum } from './dversum.js';

let d: Dversum;
beforeEach(async () => {
  d = await startDversum();
});
afterEach(async () => {
  await d.close();
});

describe('authentication: base URL and API key, tested against GET /api/v1/me', () => {
  it('a valid key passes the test, and the connection is labelled with the key’s name', async () => {
    const { key } = d.h.core.keys.create({ name: 'Zapier: office', permissions: ['tasks:write'] });
    const authData = { baseUrl: d.baseUrl, apiKey: key };
    const me = await appTester(App.authentication.test, { authData });
    expect(me.key).toMatchObject({ name: 'Zapier: office', permissions: ['tasks:write'] });
    expect(me.server.name).toBe('dVersum');
    const label = await appTester(App.authentication.connectionLabel, { authData, inputData: me });
    expect(label).toBe('Zapier: office');
  });

  it('a base URL with a trailing slash reaches the same server', async () => {
    const me = await appTester(App.authentication.test, {
      authData: { ...d.authData([]), baseUrl: `${d.baseUrl}/` },
    });
    expect(me.key.permissions).toEqual([]);
  });

  it('an address where nothing answers fails with what usually causes it', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const baseUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const failure = await failureOf(
      appTester(App.authentication.test, { authData: { ...d.authData([]), baseUrl } }),
    );
    expect(failure).toMatchObject({ code: 'Unreachable', status: 502 });
    expect(failure.message).toMatch(
      new RegExp(
        `^dVersum did not answer at ${baseUrl} \\(.*ECONNREFUSED.*\\)\\. Zapier's cloud cannot reach 127\\.0\\.0\\.1 or a home network: ` +
          'docs/remote-access\\.md in dVersum shows a tunnel or a reverse proxy\\.$',
      ),
    );
  });

  it('a base URL without its scheme is refused before any call', async () => {
    const failure = await failureOf(
      appTester(App.authentication.test, { authData: { ...d.authData([]), baseUrl: 'dversum.example.com' } }),
    );
    expect(failure).toMatchObject({
      code: 'InvalidBaseUrl',
      status: 400,
      message:
        'The base URL must start with https:// (or http://), such as https://dversum.example.com; got "dversum.example.com"',
    });
  });

  it('an unknown key fails the test with dVersum’s reason and what to do', async () => {
    const failure = await failureOf(
      appTester(App.authentication.test, {
        authData: { baseUrl: d.baseUrl, apiKey: 'ik_live_0000000000000000000000000000000000000000' },
      }),
    );
    expect(failure).toMatchObject({ code: 'AuthenticationError', status: 401 });
    expect(failure.message).toBe(
      'dVersum refused the API key: Unknown API key: check that the whole key was copied (it starts with ik_live_). ' +
        'Check the key in Settings > Integrations > Incoming Webhooks and reconnect.',
    );
  });

  it('a revoked key fails the test as 401', async () => {
    const created = d.h.core.keys.create({ name: 'old', permissions: [] });
    d.h.core.keys.revoke(created.id);
    const failure = await failureOf(
      appTester(App.authentication.test, { authData: { baseUrl: d.baseUrl, apiKey: created.key } }),
    );
    expect(failure).toMatchObject({ code: 'AuthenticationError', status: 401 });
    expect(failure.message).toBe(
      'dVersum refused the API key: This API key was revoked: create a new one in Settings > Integrations. ' +
        'Check the key in Settings > Integrations > Incoming Webhooks and reconnect.',
    );
  });

  it('a key whose IP whitelist leaves out the caller fails with 403 and dVersum’s message', async () => {
    const apiKey = d.h.key([], ['203.0.113.0/24']);
    const failure = await failureOf(
      appTester(App.authentication.test, { authData: { baseUrl: d.baseUrl, apiKey } }),
    );
    expect(failure).toMatchObject({ code: 'Forbidden', status: 403 });
    expect(failure.message).toBe(
      "dVersum refused this: IP address 127.0.0.1 is not on this API key's IP whitelist",
    );
  });

  it('past the rate limit the call is throttled with dVersum’s message and its Retry-After', async () => {
    const limits = d.h.core.settings.get().rateLimits;
    d.h.core.settings.update({ rateLimits: { ...limits, incomingPerMinute: 1 } });
    const authData = d.authData([]);
    await appTester(App.authentication.test, { authData });
    const failure = await failureOf(appTester(App.authentication.test, { authData }));
    expect(failure.name).toBe('ThrottledError');
    // The clock is the test's: nothing moves it, so the minute is whole.
    expect(failure.message).toBe(
      "dVersum's rate limit is reached: This key made 1 call in the last minute (the limit per key). Try again in 1 min.",
    );
    expect(failure.delay).toBe(60);
  });
});
