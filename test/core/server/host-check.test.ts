/**
 * A request through a tunnel or reverse proxy carries the public Host
 * (`settings.publicUrl`'s). The decision (host-check.ts): /api/v1 needs no Host
 * check, so it answers that Host as it is; /admin never accepts it, whatever
 * publicUrl says, so exposing the public name never opens the admin surface.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, errorOf, PORT, type Harness } from '../../support/server.js';

const PUBLIC = 'https://dversum.example.com';
const TUNNEL = { host: 'dversum.example.com', 'x-forwarded-for': '203.0.113.9', 'x-forwarded-proto': 'https' };

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  await h.admin('settings.update', { publicUrl: PUBLIC, trustedProxies: ['127.0.0.1'] });
});
afterEach(() => h.close());

describe('the public Host (publicUrl) and the Host check', () => {
  it('/api/v1 answers a call through the tunnel, and the key sees the forwarded caller', async () => {
    const key = h.key(['tasks:read'], ['203.0.113.9']);
    const me = await h.call(key, { method: 'GET', url: '/api/v1/me', headers: TUNNEL });
    expect(me.statusCode).toBe(200);
    const tasks = await h.call(key, { method: 'GET', url: '/api/v1/tasks', headers: TUNNEL });
    expect(tasks.statusCode).toBe(200);
  });

  it("a proxy that is not trusted does not pass its caller's address on: the whitelist refuses", async () => {
    await h.admin('settings.update', { trustedProxies: [] });
    const key = h.key(['tasks:read'], ['203.0.113.9']);
    const res = await h.call(key, { method: 'GET', url: '/api/v1/me', headers: TUNNEL });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res).message).toBe("IP address 127.0.0.1 is not on this API key's IP whitelist");
  });

  it('/admin refuses the public Host, with or without a port', async () => {
    for (const host of ['dversum.example.com', 'dversum.example.com:443', `dversum.example.com:${PORT}`]) {
      const rpc = await h.admin('settings.get', {}, { host });
      expect(rpc.statusCode, host).toBe(403);
      expect(errorOf(rpc).message).toBe(
        `Host "${host}" is not this server's own address; open dVersum through 127.0.0.1 or localhost, or add the name to DVERSUM_ADMIN_HOSTS (DNS rebinding protection)`,
      );
      const events = await h.app.inject({
        method: 'GET',
        url: '/admin/events',
        headers: { host, authorization: 'Bearer whatever' },
      });
      expect(events.statusCode, host).toBe(403);
    }
  });
});
