/**
 * The Fastify app on a test core (support/core.ts) with the headless host:
 * driven through fastify.inject (`createHarness`), or on a real socket on
 * 127.0.0.1 port 0 (`listen`). Route, hostile and reliability tests use it.
 */
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Permission } from '../../contract/index.js';
import type { ManualClock } from '../../main/core/clock.js';
import type { Core } from '../../main/core/core.js';
import { createHandlers } from '../../main/core/handlers/index.js';
import { buildServer, type ServerOptions } from '../../main/core/server/app.js';
import { ExportLinks } from '../../main/core/server/export-links.js';
import { openCore } from './core.js';
import { headlessHost } from './host.js';

export { rowCounts } from './core.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdefghijklmnop';
/** The port the app believes it serves (Host checks, links); inject needs no socket. */
export const PORT = 4317;
export const INCOMING = '/api/v1/webhooks/incoming';

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
  options: Partial<ServerOptions> & { dataDir?: string; dbFile?: string } = {},
): Promise<Harness> {
  const { dataDir, dbFile, ...serverOptions } = options;
  // `dbFile` without a folder takes no instance lock: two harnesses on one file stand for two processes.
  const opened = openCore({ ...(dataDir ? { dataDir } : {}), ...(dbFile ? { dbFile } : {}) });
  const { core, clock } = opened;
  const exportLinks = new ExportLinks(clock);
  const app = buildServer(core, {
    handlers: createHandlers(
      core,
      headlessHost(exportLinks, () => `http://127.0.0.1:${PORT}`),
    ),
    adminToken: ADMIN_TOKEN,
    exportLinks,
    port: PORT,
    ...serverOptions,
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
      await opened.close();
    },
  };
}

/** Listens on a real socket, 127.0.0.1 port 0; resolves with the base URL (`http://127.0.0.1:<port>`). */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

export const errorOf = (
  response: LightMyRequestResponse,
): { code: string; message: string; details?: unknown } =>
  (response.json() as { error: { code: string; message: string; details?: unknown } }).error;
