/**
 * GET /admin/events through a real socket (the body is a stream that never
 * ends by itself, which fastify.inject cannot read).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NOTICES_PATH } from '../../../contract/index.js';
import { ADMIN_TOKEN, createHarness, type Harness } from '../../support/server.js';

let h: Harness;
let port: number;
let closed = false;
beforeEach(async () => {
  h = await createHarness({ noticeHeartbeatMs: 20 });
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  port = (h.app.server.address() as { port: number }).port;
  closed = false;
});
afterEach(async () => {
  if (!closed) await h.close();
});

interface Answer {
  response: IncomingMessage;
  /** Everything read so far. */
  text(): string;
  /** Resolves once the text read so far satisfies `test`. */
  until(test: (text: string) => boolean): Promise<string>;
  ended: Promise<void>;
  abort(): void;
}

function send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      let text = '';
      const waiters: { test: (t: string) => boolean; resolve: (t: string) => void }[] = [];
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        for (const w of waiters.splice(0)) {
          if (w.test(text)) w.resolve(text);
          else waiters.push(w);
        }
      });
      const ended = new Promise<void>((done) => response.on('close', () => done()));
      resolve({
        response,
        text: () => text,
        until: (test) =>
          test(text) ? Promise.resolve(text) : new Promise((done) => waiters.push({ test, resolve: done })),
        ended,
        abort: () => req.destroy(),
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const own = () => ({ host: `127.0.0.1:${port}` });
const signedIn = () => ({ ...own(), authorization: `Bearer ${ADMIN_TOKEN}` });
const get = (path: string, headers: Record<string, string>) => send('GET', path, headers);
/** One whole answer: status and JSON body. */
const answerOf = async (pending: Promise<Answer>) => {
  const answer = await pending;
  await answer.ended;
  return { status: answer.response.statusCode, body: JSON.parse(answer.text()) as unknown };
};
/** The admin RPC over the same socket (fetch would not send our Host header). */
const rpc = (name: string, input: unknown, headers: Record<string, string> = signedIn()) =>
  answerOf(
    send(
      'POST',
      `/admin/rpc/${name}`,
      { ...headers, 'content-type': 'application/json' },
      JSON.stringify(input),
    ),
  );
const rpcAnswer = (headers: Record<string, string>) => rpc('app.info', {}, headers);
const eventsAnswer = (headers: Record<string, string>) => answerOf(get(NOTICES_PATH, headers));

/** The `data:` lines of an event stream, parsed. */
const dataOf = (text: string): unknown[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice(6)) as unknown);

describe('GET /admin/events: the notices as Server-Sent Events', () => {
  it('is refused exactly as /admin/rpc is: no token, a wrong token, a foreign Host', async () => {
    const cases: Record<string, string>[] = [
      own(),
      { ...own(), authorization: 'Bearer not-the-token' },
      { ...own(), authorization: 'Basic abc' },
      { host: `evil.example:${port}`, authorization: `Bearer ${ADMIN_TOKEN}` },
    ];
    const seen: unknown[] = [];
    for (const headers of cases) {
      const events = await eventsAnswer(headers);
      expect(events).toEqual(await rpcAnswer(headers));
      seen.push(events);
    }
    expect(seen).toEqual([
      {
        status: 401,
        body: {
          error: {
            code: 'unauthorized',
            message: 'Missing admin token: send Authorization: Bearer <admin token>',
          },
        },
      },
      { status: 401, body: { error: { code: 'unauthorized', message: 'Wrong admin token' } } },
      { status: 401, body: { error: expect.objectContaining({ code: 'unauthorized' }) } },
      {
        status: 403,
        body: {
          error: {
            code: 'forbidden',
            message: expect.stringContaining(`Host "evil.example:${port}" is not this server's own address`),
          },
        },
      },
    ]);
    expect(h.core.notices.listenerCount).toBe(0);
  });

  it('streams text/event-stream: one data line of JSON per notice, and a heartbeat comment', async () => {
    const stream = await get(NOTICES_PATH, signedIn());
    expect(stream.response.statusCode).toBe(200);
    expect(stream.response.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.response.headers['cache-control']).toBe('no-store');
    await stream.until((t) => t.includes('\n\n'));
    expect(stream.text()).toMatch(/^retry: \d+\n/);

    expect((await rpc('dispatch.setPaused', { paused: true })).status).toBe(200);
    const created = await rpc('webhooks.create', {
      name: 'n8n',
      url: 'http://127.0.0.1:9/hook',
      events: ['*'],
    });
    const hook = created.body as { id: string };
    expect((await rpc('webhooks.sendTest', { id: hook.id })).status).toBe(200);
    h.core.dispatcher.setPaused(false);
    await h.core.dispatcher.runDue(); // a refused connection: a recorded attempt
    // The test event is itself recorded through the outbox (a new delivery in the log, told at once);
    // the attempt's notice, within that notice's window, follows when the window ends.
    const attempted = { type: 'deliveries.recorded', webhookIds: [hook.id] };
    await stream.until((t) =>
      dataOf(t).some((notice) => JSON.stringify(notice) === JSON.stringify(attempted)),
    );
    expect(dataOf(stream.text()).slice(0, 2)).toEqual([
      { type: 'dispatch.changed', paused: true },
      { type: 'deliveries.recorded' },
    ]);
    expect(dataOf(stream.text())).toContainEqual(attempted);
    // Each event is `data: …` and a blank line; comments are `: …` lines.
    await stream.until((t) => t.includes(': heartbeat\n\n'));
    for (const block of stream.text().split('\n\n').filter(Boolean)) {
      expect(block.split('\n').every((line) => /^(data|retry): |^: /.test(line))).toBe(true);
    }
    stream.abort();
  });

  it('a client that goes is forgotten; closing the server ends open streams and does not hang', async () => {
    const leaving = await get(NOTICES_PATH, signedIn());
    const staying = await get(NOTICES_PATH, signedIn());
    await vi.waitFor(() => expect(h.core.notices.listenerCount).toBe(2));
    leaving.abort();
    await vi.waitFor(() => expect(h.core.notices.listenerCount).toBe(1));

    closed = true;
    await h.close();
    await staying.ended;
    expect(staying.response.complete).toBe(true);
    expect(h.core.notices.listenerCount).toBe(0);
  });
});
