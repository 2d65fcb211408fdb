/**
 * A webhook's static header: the names the HTTP client manages and values HTTP
 * cannot carry are refused when a webhook is saved (the contract, REST hooks),
 * and one an older version stored is left out when it is sent, so it does not
 * fail every delivery. The first block shows, with undici itself against a
 * loopback receiver, why each refused name is on the list.
 */
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { storeOf } from '../../../main/core/store/database.js';
import { failure, openHarness, tempDir, type Harness } from '../../support/core.js';
import { Receiver } from '../../support/receiver.js';
import { ALL_READ, openRestHookClient, type RestHookClient } from '../../support/rest-hook-client.js';

let h: Harness | undefined;
let receiver: Receiver | undefined;
let client: RestHookClient | undefined;
const dirs: { remove(): void }[] = [];
afterEach(async () => {
  await h?.core.close();
  h = undefined;
  await client?.close();
  client = undefined;
  await receiver?.close();
  receiver = undefined;
  for (const d of dirs.splice(0)) d.remove();
});

const managed = (name: string) => `Header "${name}" cannot be set: the HTTP client manages it. Remove it.`;

/** Each name the rules refuse as the HTTP client's, in the spellings an owner might type. */
const CLIENT_MANAGED = [
  ['Expect', '100-continue'],
  ['Upgrade', 'websocket'],
  ['Keep-Alive', 'timeout=5'],
  ['Transfer-Encoding', 'chunked'],
  ['Connection', 'x-api-key'],
  ['Host', 'other.example'],
  ['Content-Length', '5'],
  ['TE', 'trailers'],
  ['Trailer', 'X-Checksum'],
  ['Proxy-Authorization', 'Basic YTpi'],
  ['proxy-connection', 'keep-alive'],
  ['EXPECT', '100-continue'],
  ['keep-alive', 'timeout=5'],
] as const;

describe('what undici does with each name the rules refuse (why the list is what it is)', () => {
  const send = async (name: string, value: string) => {
    const target = receiver!.url;
    const before = receiver!.received.length;
    try {
      const response = await request(target, { method: 'POST', headers: { [name]: value }, body: '{}' });
      await response.body.dump();
    } catch (err) {
      return { thrown: (err as { code?: string }).code };
    }
    return { arrived: receiver!.received[before].headers };
  };

  it('throws for Expect, Upgrade, Keep-Alive and Transfer-Encoding: every delivery would fail', async () => {
    receiver = await Receiver.start();
    receiver.checkEvents = false;
    expect(await send('Expect', '100-continue')).toEqual({ thrown: 'UND_ERR_NOT_SUPPORTED' });
    expect(await send('Upgrade', 'websocket')).toEqual({ thrown: 'UND_ERR_INVALID_ARG' });
    expect(await send('Keep-Alive', 'timeout=5')).toEqual({ thrown: 'UND_ERR_INVALID_ARG' });
    expect(await send('Transfer-Encoding', 'chunked')).toEqual({ thrown: 'UND_ERR_INVALID_ARG' });
    // A Connection value that is not a list of tokens is refused outright, too.
    expect(await send('Connection', 'x api key')).toEqual({ thrown: 'UND_ERR_INVALID_ARG' });
    // A Content-Length that is not the body's fails the request.
    expect(await send('Content-Length', '5')).toEqual({ thrown: 'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH' });
    expect(receiver.received).toHaveLength(0);
  });

  it('takes Connection and Host for itself: the receiver never gets them as the owner meant', async () => {
    receiver = await Receiver.start();
    receiver.checkEvents = false;
    const connection = await send('Connection', 'x-api-key');
    expect(connection.arrived?.connection).toBe('keep-alive');
    const host = await send('Host', 'other.example');
    // The URL's host is replaced: a receiver behind virtual hosting would get another site's request.
    expect(host.arrived?.host).toBe('other.example');
    expect(host.arrived?.host).not.toBe(new URL(receiver.url).host);
  });

  it('passes TE, Trailer and Proxy-* on although they are meant for the next hop, not the receiver', async () => {
    receiver = await Receiver.start();
    receiver.checkEvents = false;
    // TE without "TE" in Connection breaks RFC 9110 §10.1.4; a proxy on the way drops all three (§7.6.1).
    const te = await send('TE', 'trailers');
    expect(te.arrived?.te).toBe('trailers');
    expect(te.arrived?.connection).toBe('keep-alive');
    expect((await send('Trailer', 'X-Checksum')).arrived?.trailer).toBe('X-Checksum');
    expect((await send('Proxy-Authorization', 'Basic YTpi')).arrived?.['proxy-authorization']).toBe(
      'Basic YTpi',
    );
  });

  it('refuses a value with a control character or a character beyond Latin-1', async () => {
    receiver = await Receiver.start();
    receiver.checkEvents = false;
    expect(await send('X-Key', 'a\u0001b')).toEqual({ thrown: 'UND_ERR_INVALID_ARG' });
    expect(await send('X-Key', '10€')).toEqual({ thrown: 'UND_ERR_INVALID_ARG' });
    expect(await send('X Key', 'v')).toEqual({ thrown: 'UND_ERR_INVALID_ARG' });
  });
});

const base = { name: 'n8n', url: 'https://hooks.example.com/h', events: ['*'] };

describe('webhooks.create and webhooks.update refuse a header HTTP cannot send, naming it', () => {
  it.each(CLIENT_MANAGED)('%s (create and update): 422 naming the header', async (name, value) => {
    h = openHarness();
    const created = await failure(
      h.call('webhooks.create', { ...base, headerName: name, headerValue: value }),
    );
    expect(created).toEqual({
      status: 422,
      code: 'validation_failed',
      message: managed(name),
      details: { fields: [{ path: 'headerName', message: managed(name) }] },
    });
    const hook = await h.call('webhooks.create', { ...base, headerName: 'X-Api-Key', headerValue: 'k' });
    const updated = await failure(h.call('webhooks.update', { id: hook.id, headerName: name }));
    expect(updated).toEqual(created);
    expect((await h.call('webhooks.list')).items[0].headerName).toBe('X-Api-Key');
  });

  it('a name with characters HTTP refuses, and the names dVersum sets itself', async () => {
    h = openHarness();
    const named = async (headerName: string) =>
      failure(h!.call('webhooks.create', { ...base, headerName, headerValue: 'v' }));
    const badName =
      'Header "X Api Key" cannot be sent: a header name has only letters, digits and characters such as - and _ (no spaces). Use a name such as X-Api-Key.';
    expect(await named('X Api Key')).toEqual({
      status: 422,
      code: 'validation_failed',
      message: badName,
      details: { fields: [{ path: 'headerName', message: badName }] },
    });
    expect((await named('X-Key:')).details).toEqual({
      fields: [
        {
          path: 'headerName',
          message:
            'Header "X-Key:" cannot be sent: a header name has only letters, digits and characters such as - and _ (no spaces). Use a name such as X-Api-Key.',
        },
      ],
    });
    for (const own of ['Content-Type', 'user-agent', 'Webhook-Id', 'webhook-timestamp']) {
      // A sentence (capital first) stands as written; a fragment follows the field's label.
      const said = `${own} is set by dVersum itself; choose another name such as X-Api-Key`;
      const message = /^[A-Z]/.test(own) ? said : `Header name: ${said}`;
      expect(await named(own)).toEqual({
        status: 422,
        code: 'validation_failed',
        message,
        details: { fields: [{ path: 'headerName', message }] },
      });
    }
  });

  it('a value with a line break, a control character or a character beyond Latin-1', async () => {
    h = openHarness();
    const valued = async (headerValue: string) =>
      failure(h!.call('webhooks.create', { ...base, headerName: 'X-Api-Key', headerValue }));
    const expectRefusal = async (headerValue: string, problem: string) =>
      expect(await valued(headerValue)).toEqual({
        status: 422,
        code: 'validation_failed',
        message: `Header value: ${problem}`,
        details: { fields: [{ path: 'headerValue', message: `Header value: ${problem}` }] },
      });
    await expectRefusal('abc\r\nX-Evil: 1', 'must be on one line');
    await expectRefusal(
      'abc\u0000',
      'contains a control character (U+0000) that HTTP cannot send: remove it',
    );
    await expectRefusal(
      'abc\u007f',
      'contains a control character (U+007F) that HTTP cannot send: remove it',
    );
    await expectRefusal(
      'price 10€',
      'contains "€", which an HTTP header cannot carry: use plain ASCII characters (encode the value, for example in Base64, if it needs others)',
    );
    // A tab and Latin-1 letters are what HTTP allows: accepted.
    const ok = await h.call('webhooks.create', { ...base, headerName: 'X-Api-Key', headerValue: 'a\tcafé' });
    expect(ok.headerValue).toBe('a\tcafé');
    const refused = await failure(h.call('webhooks.update', { id: ok.id, headerValue: 'x\u0007' }));
    expect(refused.message).toBe(
      'Header value: contains a control character (U+0007) that HTTP cannot send: remove it',
    );
  });
});

describe('POST /api/v1/webhooks (REST hooks) refuses the same headers', () => {
  it('Expect and Proxy-Authorization: 422 with the field named; nothing subscribed', async () => {
    client = openRestHookClient();
    const { key } = client.key(ALL_READ);
    for (const name of ['Expect', 'Proxy-Authorization']) {
      const response = await client.call(
        'POST',
        '/api/v1/webhooks',
        { key },
        {
          url: 'https://hooks.example.com/n8n',
          events: ['task.created'],
          headerName: name,
          headerValue: 'x',
        },
      );
      expect(response.statusCode).toBe(422);
      expect(response.json()).toEqual({
        error: {
          code: 'validation_failed',
          message: managed(name),
          details: { fields: [{ path: 'headerName', message: managed(name) }] },
        },
      });
    }
    expect(client.h.core.webhooks.list()).toEqual([]);
  });
});

describe('a header an older version stored is left out when sent, and said so', () => {
  /** What an older version could store: the columns written as they were then. */
  const storeHeader = (id: string, name: string, value: string) =>
    storeOf(h!.core.store)
      .sqlite.prepare('UPDATE webhooks SET header_name = ?, header_value = ? WHERE id = ?')
      .run(name, value, id);

  it('Expect and a value with "€": each delivery succeeds without it; the log says why; start says so once', async () => {
    receiver = await Receiver.start();
    const folder = tempDir();
    dirs.push(folder);
    h = openHarness({ dataDir: folder.dir, log: () => {} });
    const expectHook = await h.call('webhooks.create', {
      name: 'old n8n',
      url: receiver.endpoint('expect').url,
      events: ['*'],
      headerName: 'X-Api-Key',
      headerValue: 'k',
    });
    const euroHook = await h.call('webhooks.create', {
      name: 'old zap',
      url: receiver.endpoint('euro').url,
      events: ['*'],
      headerName: 'X-Api-Key',
      headerValue: 'k',
    });
    storeHeader(expectHook.id, 'Expect', '100-continue');
    storeHeader(euroHook.id, 'X-Price', '10€');
    await h.core.close();

    const lines: string[] = [];
    h = openHarness({ dataDir: folder.dir, log: (line) => lines.push(line) });
    expect(lines).toEqual([
      'dVersum leaves out the custom header of 2 webhooks, which HTTP cannot send, and delivers without it: ' +
        `old zap (${euroHook.id}): the value of header "X-Price" contains "€", which an HTTP header cannot carry: ` +
        'use plain ASCII characters (encode the value, for example in Base64, if it needs others); ' +
        `old n8n (${expectHook.id}): Header "Expect" cannot be set: the HTTP client manages it. Remove it. ` +
        'Edit the webhook in Settings > Webhooks to rename or remove the header.',
    ]);

    h.record('task.created');
    await h.core.dispatcher.runDue();
    const expectArrived = await receiver.endpoint('expect').waitFor();
    const euroArrived = await receiver.endpoint('euro').waitFor();
    expect(expectArrived.headers.expect).toBeUndefined();
    expect(euroArrived.headers['x-price']).toBeUndefined();
    expect(expectArrived.headers['webhook-signature']).toMatch(/^v1,/);

    const items = (await h.call('log.list', {})).items as { id: string; webhookId: string; status: string }[];
    expect(items.map((d) => d.status)).toEqual(['success', 'success']);
    const headersOf = async (webhookId: string) =>
      (await h!.call('log.get', { id: items.find((d) => d.webhookId === webhookId)!.id })).requestHeaders;
    expect((await headersOf(expectHook.id)).Expect).toBe(`(not sent: ${managed('Expect')})`);
    expect((await headersOf(euroHook.id))['X-Price']).toBe(
      '(not sent: the value of header "X-Price" contains "€", which an HTTP header cannot carry: ' +
        'use plain ASCII characters (encode the value, for example in Base64, if it needs others))',
    );

    // Saving the webhook again asks for the header to be fixed; removing it is accepted.
    const again = await failure(h.call('webhooks.update', { id: expectHook.id, name: 'old n8n (2)' }));
    expect(again.message).toBe(managed('Expect'));
    const fixed = await h.call('webhooks.update', { id: expectHook.id, headerName: null, headerValue: null });
    expect(fixed.headerName).toBeNull();
  });
});
