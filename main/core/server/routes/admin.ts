/**
 * The contract over HTTP (headless mode): `POST /admin/rpc/<name>` with
 * `Authorization: Bearer <admin token>` and the input as the JSON body; 200
 * with the output itself. Also the one-time export links of `log.export` and
 * the notices as Server-Sent Events (`admin-events.ts`).
 * Every /admin request must carry one of the server's own Host names.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.js';
import { EXPORT_CONTENT_TYPES, exportFileName } from '../../dispatcher/log-export.js';
import { invokeOperation } from '../../handlers/invoke.js';
import { bearerToken } from '../bearer.js';
import type { Handlers } from '../../handlers/types.js';
import type { Core } from '../../services.js';
import { EXPORT_PATH, type ExportLinks } from '../export-links.js';
import { createHostCheck, type HostCheckOptions } from '../host-check.js';
import { adminEventRoutes } from './admin-events.js';

export interface AdminRouteOptions extends HostCheckOptions {
  core: Core;
  handlers: Handlers;
  adminToken: string;
  exportLinks?: ExportLinks;
  /** The notice stream's heartbeat (tests shorten it). */
  noticeHeartbeatMs?: number;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export async function adminRoutes(app: FastifyInstance, options: AdminRouteOptions): Promise<void> {
  const { core, handlers } = options;
  const tokenDigest = digest(options.adminToken);
  const isOwnHost = createHostCheck(app, options);

  app.addHook('onRequest', async (request) => {
    if (!isOwnHost(request.headers.host)) {
      throw new AppError(
        'forbidden',
        `Host "${request.headers.host ?? ''}" is not this server's own address; open dVersum through 127.0.0.1 or localhost, or add the name to DVERSUM_ADMIN_HOSTS (DNS rebinding protection)`,
      );
    }
    if (request.routeOptions.url?.startsWith(EXPORT_PATH)) return;
    const token = bearerToken(request.headers.authorization, '<admin token>');
    if (token === undefined) {
      throw new AppError('unauthorized', 'Missing admin token: send Authorization: Bearer <admin token>');
    }
    if (!timingSafeEqual(digest(token), tokenDigest)) {
      throw new AppError('unauthorized', 'Wrong admin token');
    }
  });

  adminEventRoutes(app, { notices: core.notices, heartbeatMs: options.noticeHeartbeatMs });

  app.post<{ Params: { name: string } }>('/admin/rpc/:name', { schema: { hide: true } }, async (request) =>
    invokeOperation(handlers, request.params.name, request.body),
  );

  app.get<{ Params: { token: string } }>(
    `${EXPORT_PATH}:token`,
    // Fastify would add a HEAD route running this handler: a link checker or a prefetch would burn the link.
    { schema: { hide: true }, exposeHeadRoute: false },
    async (request, reply) => {
      const exportRequest = options.exportLinks?.consume(request.params.token);
      if (!exportRequest)
        throw new AppError('not_found', 'This export link is unknown, expired or already used');
      const { format, filters } = exportRequest;
      return reply
        .type(EXPORT_CONTENT_TYPES[format])
        .header('content-disposition', `attachment; filename="${exportFileName(format, core.clock.now())}"`)
        .header('cache-control', 'no-store')
        .send(core.deliveryLog.export(format, filters ?? {}));
    },
  );
}
