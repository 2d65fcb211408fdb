/** A real core (in memory) and server for route tests, driven through fastify.inject. */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Permission } from '../../contract/index.js';
import { ManualClock } from '../../main/core/clock.js';
import { createCore, type Core } from '../../main/core/core.js';
import { createHandlers } from '../../main/core/handlers/index.js';
import type { HostServices } from '../../main/core/handlers/types.js';
import { buildServer, type ServerOptions } from '../../main/core/server/app.js';
import { ExportLinks } from '../../main/core/server/export-links.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdefghijklmnop';
export const PORT = 4317;

export interface Harness {
  core: Core;
  clock: ManualClock;
  app: FastifyInstance;
  /** A new key with these permissions; returns the raw key. */
  key(permissions: Permission[], ipWhitelist?: string[]): string;
  call(key: string | undefined, options: InjectOptions): Promise<LightMyRequestResponse>;
  admin(name: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function createHarness(
  options: Partial<ServerOptions> & { dataDir?: string } = {},
): Promise<Harness> {
  const clock = new ManualClock();
  const core = createCore({ clock, dataDir: options.dataDir });
  const exportLinks = new ExportLinks(clock);
  const host: HostServices = {
    mode: 'headless',
    serverUrl: () => `http://127.0.0.1:${PORT}`,
    exportLog: async (input) => ({ url: exportLinks.link(input) }),
  };
  const app = buildServer(core, {
    handlers: createHandlers(core, host),
    adminToken: ADMIN_TOKEN,
    exportLinks,
    port: PORT,
    ...options,
  });
  await app.ready();
  return {
    core,
    clock,
    app,
    key: (permissions, ipWhitelist) => core.keys.create({ name: 'test', permissions, ipWhitelist }).key,
    call: (key, inject) =>
      app.inject({
        ...inject,
        headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(inject.headers ?? {}) },
      }),
    admin: (name, body, headers) =>
      app.inject({
        method: 'POST',
        url: `/admin/rpc/${name}`,
        headers: { host: `127.0.0.1:${PORT}`, authorization: `Bearer ${ADMIN_TOKEN}`, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      }),
    close: async () => {
      await app.close();
      await core.close();
    },
  };
}

export const errorOf = (
  response: LightMyRequestResponse,
): { code: string; message: string; details?: unknown } =>
  (response.json() as { error: { code: string; message: string; details?: unknown } }).error;

/** Row counts of every business table, to prove a refused call wrote nothing. */
export function rowCounts(core: Core): Record<string, number> {
  const tables = [
    'clients',
    'projects',
    'tasks',
    'time_entries',
    'quotes',
    'invoices',
    'outbox',
    'idempotency_keys',
  ];
  return Object.fromEntries(
    tables.map((t) => [t, (core.sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]),
  );
}

export const INCOMING = '/api/v1/webhooks/incoming';
