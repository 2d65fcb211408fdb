/**
 * Hostile requests on a real socket (what fastify.inject cannot send): huge
 * headers, a huge URL, broken chunked encoding, request smuggling's
 * Content-Length with Transfer-Encoding, control characters in a header,
 * invalid UTF-8. Each gets a 4xx, never a 5xx, and the server keeps serving.
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/server.js';
import { storeOf } from '../../main/core/store/database.js';

let h: Harness;
let port: number;
let key: string;
beforeAll(async () => {
  h = await createHarness();
  key = h.key(['tasks:write']);
  await h.app.listen({ host: '127.0.0.1', port: 0 });
  port = (h.app.server.address() as AddressInfo).port;
});
afterAll(() => h.close());

/** Sends raw bytes and resolves with the status code and body of the answer (the server may close after it). */
function raw(request: string | Buffer): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    const done = () => {
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(data);
      if (!match) return reject(new Error(`no status line in ${JSON.stringify(data.slice(0, 200))}`));
      const end = data.indexOf('\r\n\r\n');
      resolve({ status: Number(match[1]), headers: data.slice(0, end), body: data.slice(end + 4) });
    };
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      data += chunk;
      // One answer is all we wait for; keep-alive would leave the socket open.
      if (/\r\n\r\n/.test(data) && /content-length: (\d+)/i.test(data)) {
        const length = Number(/content-length: (\d+)/i.exec(data)![1]);
        if (Buffer.byteLength(data.slice(data.indexOf('\r\n\r\n') + 4)) >= length) {
          socket.destroy();
          done();
        }
      }
    });
    socket.on('error', () => {}); // a reset after the answer is fine
    socket.on('close', () =>
      data.startsWith('HTTP/') ? done() : reject(new Error('closed without an answer')),
    );
    socket.setTimeout(10_000, () => socket.destroy());
    socket.write(request);
  });
}

const post = (headers: string, body: string | Buffer) =>
  Buffer.concat([
    Buffer.from(`POST /api/v1/webhooks/incoming/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\n${headers}\r\n`),
    Buffer.isBuffer(body) ? body : Buffer.from(body),
  ]);

describe('hostile requests on a real socket', () => {
  it('a 100 KB header: 431', async () => {
    const res = await raw(
      `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`,
    );
    expect(res.status).toBe(431);
    expect(JSON.parse(res.body)).toEqual({
      error: {
        code: 'headers_too_large',
        message: 'Request headers too large: the request line and headers together may be at most 16 KiB',
      },
    });
  });

  it('a 64 KB URL: 431', async () => {
    const res = await raw(
      `GET /api/v1/tasks?search=${'q'.repeat(64_000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    );
    expect(res.status).toBe(431);
  });

  it('a thousand headers: answered, not a 5xx', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => `X-H${i}: ${i}`).join('\r\n');
    const res = await raw(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n${many}\r\n\r\n`);
    expect(res.status).toBe(200);
  });

  it('broken chunked encoding: 400', async () => {
    const res = await raw(
      post(
        `Authorization: Bearer ${key}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n`,
        'ZZZ\r\n{}\r\n0\r\n\r\n',
      ),
    );
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      error: {
        code: 'bad_request',
        message: 'Malformed HTTP request: a chunk size of the chunked body is not a hexadecimal number',
        details: { reason: 'HPE_INVALID_CHUNK_SIZE' },
      },
    });
  });

  it('Content-Length together with Transfer-Encoding (request smuggling): 400', async () => {
    const res = await raw(
      post(
        `Authorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n`,
        '2\r\n{}\r\n0\r\n\r\nGET /admin/rpc/keys.list HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      ),
    );
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      error: {
        code: 'bad_request',
        message:
          'Malformed HTTP request: Transfer-Encoding must end with chunked and may not be sent with Content-Length',
        details: { reason: 'HPE_INVALID_TRANSFER_ENCODING' },
      },
    });
  });

  it('a control character in a header value: 400', async () => {
    const res = await raw(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Bad: a\u0001b\r\n\r\n`);
    expect(res.status).toBe(400);
    expect(res.headers).toMatch(/^content-type: application\/json; charset=utf-8$/im);
    expect(res.headers).toMatch(/^connection: close$/im);
    expect(JSON.parse(res.body)).toEqual({
      error: {
        code: 'bad_request',
        message:
          'Malformed HTTP request: a header name or value holds a character HTTP does not allow, such as a control character',
        details: { reason: 'HPE_INVALID_HEADER_TOKEN' },
      },
    });
  });

  it("a method Node does not parse (FOO) and a bad HTTP version: the error body, not Fastify's", async () => {
    const method = await raw('FOO /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    expect(method.status).toBe(400);
    expect(JSON.parse(method.body)).toEqual({
      error: {
        code: 'bad_request',
        message: 'Malformed HTTP request: the method is not an HTTP method',
        details: { reason: 'HPE_INVALID_METHOD' },
      },
    });
    const version = await raw('GET /healthz HTTP/9.x\r\nHost: 127.0.0.1\r\n\r\n');
    expect(version.status).toBe(400);
    expect(JSON.parse(version.body).error.code).toBe('bad_request');
  });

  it('QUERY, a method Node parses and no route has: 405 with Allow, on the socket too', async () => {
    const res = await raw(
      `QUERY /api/v1/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${key}\r\nContent-Length: 0\r\n\r\n`,
    );
    expect(res.status).toBe(405);
    expect(res.headers).toMatch(/^allow: GET, HEAD$/im);
    expect(JSON.parse(res.body)).toEqual({
      error: {
        code: 'method_not_allowed',
        message: 'Method QUERY is not allowed on /api/v1/tasks: it allows GET, HEAD',
      },
    });
  });

  it('invalid UTF-8 in the body: 400 with the message', async () => {
    const body = Buffer.concat([
      Buffer.from('{"title":"'),
      Buffer.from([0xed, 0xa0, 0x80, 0xff]),
      Buffer.from('"}'),
    ]);
    const res = await raw(
      post(
        `Authorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n`,
        body,
      ),
    );
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: 'bad_request', message: 'Malformed JSON in request body: it is not valid UTF-8 text' },
    });
  });

  it('a body longer than its Content-Length says, and one cut short: no 5xx, and the server keeps serving', async () => {
    const longer = await raw(
      post(
        `Authorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n`,
        '{"title":"x"}',
      ),
    );
    expect(longer.status).toBeLessThan(500);
    // Cut short: the client goes away mid-body.
    await new Promise<void>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end(
          post(
            `Authorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n`,
            '{"title":',
          ),
        );
      });
      socket.on('error', () => {});
      socket.on('close', () => resolve());
      socket.setTimeout(300, () => socket.destroy());
    });
    const health = await raw('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    expect(health.status).toBe(200);
    expect(storeOf(h.core.store).sqlite.prepare('SELECT count(*) AS n FROM tasks').get()).toEqual({ n: 0 });
  });
});
