/**
 * undici-lean.ts: undici's Agent and request without its index, which evaluates all of undici
 * (fetch, WebSocket, the caches, the mocks) when imported. The sender loads none of that, and a
 * request through it reaches the receiver as one through undici's index would.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Agent, request } from '../../../main/core/dispatcher/undici-lean.js';
import { Receiver } from '../../support/receiver.js';

const SENDER = fileURLToPath(new URL('../../../main/core/dispatcher/http-sender.ts', import.meta.url));

let receiver: Receiver | undefined;
let agent: Agent | undefined;
afterEach(async () => {
  await agent?.close();
  await receiver?.close();
  agent = receiver = undefined;
});

describe('undici without its index', () => {
  it('the sender loads no part of undici beyond its client: not the index, fetch, WebSocket or the mocks', () => {
    const script = [
      "import { createRequire } from 'node:module';",
      `await import(${JSON.stringify(SENDER)});`,
      'const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => f.includes("/node_modules/undici/"));',
      'console.log(JSON.stringify(loaded.map((f) => f.slice(f.indexOf("/node_modules/undici/") + 21))));',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    const loaded = JSON.parse(out) as string[];
    expect(loaded).toContain('lib/dispatcher/agent.js');
    expect(loaded).toContain('lib/api/api-request.js');
    expect(loaded.filter((f) => /^index\.js$|^lib\/(web\/(fetch\/index|websocket)|mock|cache)\b/.test(f))).toEqual([]);
  }, 30_000);

  it('sends the method, the path with its query, the headers and the body', async () => {
    receiver = await Receiver.start();
    agent = new Agent({ connections: 1 });
    const res = await request(`${receiver.url}/deeper?x=1&y=%C3%A4`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-test': 'yes' },
      body: 'hello, receiver',
      dispatcher: agent,
    });
    await res.body.dump();
    expect(res.statusCode).toBe(200);
    const [got] = receiver.received;
    expect(got).toMatchObject({ method: 'POST', path: '/hook/deeper?x=1&y=%C3%A4', body: 'hello, receiver' });
    expect(got!.headers).toMatchObject({ 'content-type': 'text/plain', 'x-test': 'yes' });
  });
});
