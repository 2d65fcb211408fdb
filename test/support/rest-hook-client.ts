/** REST-hook calls through fastify.inject as an API key from a given address, for the subscription tests. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { readPermission, RESOURCE_LIST, type Permission } from '../../contract/index.js';
import { ManualClock } from '../../main/core/clock.js';
import { buildServer, type ServerOptions } from '../../main/core/server/app.js';
import { openHarness, type Harness } from './core.js';
import { storeOf } from '../../main/core/store/database.js';

/** webhooks:manage and every read permission: a key that may subscribe to `*`. */
export const ALL_READ: Permission[] = ['webhooks:manage', ...RESOURCE_LIST.map((r) => readPermission(r))];

export interface RestHookClient {
  h: Harness;
  app: FastifyInstance;
  /** A new key; returns its id and the raw key. */
  key(permissions?: Permission[]): { id: string; key: string };
  call(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    as: { key: string; from?: string; headers?: Record<string, string> },
    payload?: unknown,
  ): Promise<LightMyRequestResponse>;
  subscribe(
    as: { key: string; from?: string; headers?: Record<string, string> },
    body: { url: string; events: string[] },
  ): Promise<LightMyRequestResponse>;
  /** The deliveries the fan-out made for a webhook, straight from the table. */
  deliveriesOf(webhookId: string): { status: string; eventType: string; lastError: string | null }[];
  close(): Promise<void>;
}

export function openRestHookClient(serverOptions: ServerOptions = {}): RestHookClient {
  const h = openHarness({ clock: new ManualClock(Date.now()) });
  const app = buildServer(h.core, serverOptions);
  const call: RestHookClient['call'] = (method, url, as, payload) =>
    app.inject({
      method,
      url,
      remoteAddress: as.from ?? '203.0.113.7',
      headers: {
        authorization: `Bearer ${as.key}`,
        ...(payload ? { 'content-type': 'application/json' } : {}),
        ...as.headers,
      },
      ...(payload ? { payload: JSON.stringify(payload) } : {}),
    });
  return {
    h,
    app,
    key: (permissions = ALL_READ) => {
      const created = h.core.keys.create({ name: 'n8n', permissions });
      return { id: created.id, key: created.key };
    },
    call,
    subscribe: (as, body) => call('POST', '/api/v1/webhooks', as, body),
    deliveriesOf: (webhookId) =>
      storeOf(h.core.store)
        .sqlite.prepare(
          'SELECT status, event_type AS eventType, last_error AS lastError FROM deliveries WHERE webhook_id = ? ORDER BY id',
        )
        .all(webhookId) as { status: string; eventType: string; lastError: string | null }[],
    close: async () => {
      await app.close();
      await h.core.close();
    },
  };
}
