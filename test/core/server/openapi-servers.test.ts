/**
 * The OpenAPI document's `servers` (openapi-servers.ts): the public address first when
 * `publicUrl` is set, this server second; both where the document is served
 * (/api/v1/openapi.json and /api/docs/json), following a change of the setting at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, listen, PORT, type Harness } from '../../support/server.js';

const LOCAL = { url: `http://127.0.0.1:${PORT}`, description: expect.any(String) };

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const serversAt = async (url: string) => {
  const res = await h.app.inject({ method: 'GET', url });
  expect(res.statusCode).toBe(200);
  return (res.json() as { servers: unknown }).servers;
};

describe('the servers of the OpenAPI document', () => {
  it('lists only this server while publicUrl is not set', async () => {
    expect(await serversAt('/api/v1/openapi.json')).toEqual([LOCAL]);
  });

  it('lists the public address first and this server second, on both documents, as soon as it is set', async () => {
    await h.admin('settings.update', { publicUrl: 'https://dversum.example.com/' });
    const expected = [{ url: 'https://dversum.example.com', description: expect.any(String) }, LOCAL];
    expect(await serversAt('/api/v1/openapi.json')).toEqual(expected);
    expect(await serversAt('/api/docs/json')).toEqual(expected);
    await h.admin('settings.update', { publicUrl: null });
    expect(await serversAt('/api/v1/openapi.json')).toEqual([LOCAL]);
    expect(await serversAt('/api/docs/json')).toEqual([LOCAL]);
  });

  it('names the port the server is bound to once it listens', async () => {
    const base = await listen(h.app);
    const res = await fetch(`${base}/api/v1/openapi.json`);
    const doc = (await res.json()) as { servers: { url: string }[] };
    expect(doc.servers.map((s) => s.url)).toEqual([base]);
  });
});
