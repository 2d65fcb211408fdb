/**
 * The keys "Use with n8n" and "Use with Zapier" create (contract/integration-presets.ts):
 * the permissions each integration needs, and that such a key can do what the
 * integration does — subscribe to every event, read every object, create every object.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_TYPES, INTEGRATION_PRESETS, mayReceiveEvent, PERMISSION_IDS } from '../../contract/index.js';
import { ENDPOINTS } from '../../main/core/access/permissions.js';
import { openRestHookClient, type RestHookClient } from '../support/rest-hook-client.js';

/** Every permission, from the table (test/contract/resources.test.ts pins the list itself). */
const EVERY_PERMISSION = [...PERMISSION_IDS];

let client: RestHookClient | undefined;
afterEach(async () => {
  await client?.close();
  client = undefined;
});

describe('the integration presets', () => {
  it('n8n: every read and write permission and webhooks:manage', () => {
    expect(INTEGRATION_PRESETS.n8n.permissions).toEqual(EVERY_PERMISSION);
  });

  it('Zapier: the same, since its triggers cover every event and its creates every object', () => {
    const zapier = INTEGRATION_PRESETS.zapier.permissions;
    expect(zapier).toEqual(EVERY_PERMISSION);
    for (const type of EVENT_TYPES) expect(mayReceiveEvent(zapier, type), type).toBe(true);
    for (const e of ENDPOINTS.filter((e) => e.kind === 'create')) expect(zapier).toContain(e.permission);
    expect(zapier).toContain('clients:read'); // find_client
  });

  it.each(Object.values(INTEGRATION_PRESETS))(
    'a $product key made from the preset subscribes to every event and reaches every endpoint it needs',
    async (preset) => {
      client = openRestHookClient();
      const created = await client.h.call('keys.create', {
        name: preset.keyName,
        permissions: [...preset.permissions],
      });
      expect(created).toMatchObject({ name: preset.keyName, permissions: preset.permissions });
      const as = { key: created.key as string };
      const sub = await client.subscribe(as, {
        url: 'https://hooks.zapier.com/hooks/standard/1/abc/',
        events: ['*'],
      });
      expect(sub.statusCode).toBe(201);
      const feed = await client.call('GET', `/api/v1/events?types=${EVENT_TYPES.join(',')}`, as);
      expect(feed.statusCode).toBe(200);
      for (const endpoint of ENDPOINTS) {
        const url = endpoint.url.replace(':id', 'x');
        const res = await client.call(endpoint.method as 'GET' | 'POST' | 'DELETE', url, as);
        // Past the permission check: 404 (no such id) or 4xx about the body, never 403.
        expect(res.statusCode, `${endpoint.method} ${url}`).not.toBe(403);
        expect(res.statusCode, `${endpoint.method} ${url}`).not.toBe(401);
      }
    },
  );
});
