import { afterEach, describe, expect, it } from 'vitest';
import { failure, openHarness, type Harness } from '../../support/core.js';

let h: Harness;
afterEach(async () => {
  await h?.core.close();
});

const create = (url: string, events: unknown = ['task.created']) =>
  h.call('webhooks.create', { name: 'n8n', url, events });

describe('webhooks.create refuses bad input, saying what to fix', () => {
  it('a URL that is not http(s)', async () => {
    h = openHarness();
    expect(await failure(create('ftp://files.example.com/hook'))).toMatchObject({
      status: 422,
      code: 'validation_failed',
      message:
        'URL: must start with https:// (or http:// for a receiver on this machine or network), not ftp://',
      details: { fields: [{ path: 'url' }] },
    });
    expect((await failure(create('not a url'))).message).toBe(
      'URL: must be a full URL such as https://example.com/webhooks/dversum',
    );
  });

  it('credentials in the URL', async () => {
    h = openHarness();
    expect(await failure(create('https://admin:hunter2@hooks.example.com/x'))).toMatchObject({
      status: 422,
      message:
        'URL: must not contain a user name or password; remove them and use the custom header (headerName, headerValue) to authenticate',
    });
  });

  it('plain http to a public host', async () => {
    h = openHarness();
    const f = await failure(create('http://hooks.zapier.com/hooks/catch/1/abc'));
    expect(f.status).toBe(422);
    expect(f.message).toBe(
      'URL: must use https:// for the public host hooks.zapier.com; plain http:// is allowed only for localhost, ' +
        'private-network addresses (10.x, 172.16–31.x, 192.168.x, fc00::/7, fe80::/10) and .local names',
    );
    expect((await failure(create('http://8.8.8.8/hook'))).status).toBe(422);
    expect((await failure(create('http://172.32.0.1/hook'))).status).toBe(422);
    expect((await failure(create('http://169.254.169.254/latest'))).status).toBe(422);
  });

  it('allows plain http to loopback and the local network (the local n8n)', async () => {
    h = openHarness();
    for (const url of [
      'http://127.0.0.1:5678/webhook/x',
      'http://localhost:5678/webhook/x',
      'http://10.1.2.3/x',
      'http://172.16.0.9/x',
      'http://192.168.1.20:5678/webhook/x',
      'http://[fd00::1]/x',
      'http://[fe80::1]/x',
      'http://[::1]:5678/x',
      'http://n8n.local:5678/x',
      'https://hooks.zapier.com/hooks/catch/1/abc',
    ]) {
      const hook = await create(url);
      expect(hook.url).toBe(new URL(url).toString());
    }
  });

  it('an unknown event, naming events.N', async () => {
    h = openHarness();
    const f = await failure(create('https://example.com/h', ['task.created', 'task.exploded']));
    expect(f.status).toBe(422);
    expect(f.details).toEqual({
      fields: [
        {
          path: 'events.1',
          message: expect.stringMatching(
            /^Events, entry 2: "task\.exploded" is not an event: use one of invoice\.created, .*, or \* for all events$/,
          ),
        },
      ],
    });
  });

  it('an empty event list', async () => {
    h = openHarness();
    expect(await failure(create('https://example.com/h', []))).toMatchObject({
      status: 422,
      message: 'Choose at least one event, or tick All events',
      details: { fields: [{ path: 'events', message: 'Choose at least one event, or tick All events' }] },
    });
  });

  it('a custom header that is half given or reserved', async () => {
    h = openHarness();
    const half = await failure(
      h.call('webhooks.create', { name: 'x', url: 'https://e.com/h', events: ['*'], headerName: 'X-Key' }),
    );
    expect(half).toMatchObject({
      status: 422,
      details: {
        fields: [
          {
            path: 'headerName',
            message: 'Header name: give both the header name and its value, or neither',
          },
        ],
      },
    });
    const reserved = await failure(
      h.call('webhooks.create', {
        name: 'x',
        url: 'https://e.com/h',
        events: ['*'],
        headerName: 'Webhook-Signature',
        headerValue: 'x',
      }),
    );
    expect(reserved.details).toEqual({
      fields: [
        {
          path: 'headerName',
          message: 'Webhook-Signature is set by dVersum itself; choose another name such as X-Api-Key',
        },
      ],
    });
  });

  it('a bad retry schedule through settings.update: empty, negative, absurd, fractional, too long', async () => {
    h = openHarness();
    const cases: [unknown, string, string][] = [
      [
        [],
        'retrySchedule',
        'Retry schedule (seconds): give at least one step, in seconds after each failure, such as [60, 300, 1800, 7200]',
      ],
      [[-5], 'retrySchedule.0', 'Retry schedule (seconds), step 1: must be at least 1 second'],
      [
        [60, 10_000_000],
        'retrySchedule.1',
        'Retry schedule (seconds), step 2: must be at most 7 days (604800 seconds)',
      ],
      [[1.5], 'retrySchedule.0', 'Retry schedule (seconds), step 1: must be a whole number of seconds'],
      [
        Array.from({ length: 21 }, () => 60),
        'retrySchedule',
        'Retry schedule (seconds): give at most 20 steps',
      ],
    ];
    for (const [retrySchedule, path, message] of cases) {
      const f = await failure(h.call('settings.update', { retrySchedule }));
      expect(f.status).toBe(422);
      expect(f.message).toBe(message);
      expect(f.details).toEqual({ fields: [{ path, message }] });
    }
  });
});

describe('webhooks', () => {
  it('create returns the whsec_ secret of 32 random bytes; list, update, rotate, delete', async () => {
    h = openHarness();
    const hook = await h.call('webhooks.create', {
      name: 'Zapier',
      url: 'https://hooks.zapier.com/x',
      events: ['*', 'task.created'],
    });
    expect(hook).toMatchObject({
      name: 'Zapier',
      events: ['*'],
      enabled: true,
      source: 'app',
      disabledReason: null,
    });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(hook.secret.slice(6), 'base64')).toHaveLength(32);
    expect((await h.call('webhooks.list')).items.map((w: { id: string }) => w.id)).toEqual([hook.id]);

    const updated = await h.call('webhooks.update', {
      id: hook.id,
      events: ['invoice.paid', 'invoice.paid'],
      headerName: 'X-N8N-Key',
      headerValue: 's3cret',
    });
    expect(updated).toMatchObject({
      events: ['invoice.paid'],
      headerName: 'X-N8N-Key',
      headerValue: 's3cret',
    });
    expect(
      (await failure(h.call('webhooks.update', { id: hook.id, url: 'http://example.com/x' }))).status,
    ).toBe(422);

    const { secret } = await h.call('webhooks.rotateSecret', { id: hook.id });
    expect(secret).not.toBe(hook.secret);
    const row = h.core.webhooks.row(hook.id);
    expect(h.core.webhooks.signingSecrets(row, h.clock.now())).toEqual([secret, hook.secret]);
    // The previous secret signs for 24 h by default, then no more.
    expect(h.core.webhooks.signingSecrets(row, h.clock.now() + 24 * 3_600_000 + 1)).toEqual([secret]);

    expect(await h.call('webhooks.delete', { id: hook.id })).toEqual({ ok: true });
    expect(await failure(h.call('webhooks.get' as string, { id: hook.id }))).toMatchObject({ status: 404 });
    expect(await failure(h.call('webhooks.delete', { id: hook.id }))).toMatchObject({
      status: 404,
      message: `No webhook with id ${hook.id}`,
    });
  });
});
