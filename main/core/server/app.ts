/**
 * The embedded server: /healthz, the REST API and incoming webhooks under
 * /api/v1, the OpenAPI document and /api/docs, and, when given the contract
 * handlers and an admin token, /admin/rpc (headless mode). `buildServer`
 * returns the instance ready to `listen` or `inject`.
 */
import Fastify, {
  type FastifyInstance,
  type FastifyReply,
  type FastifyServerFactory,
  type FastifyServerOptions,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { compileIpRules, ipMatchesAny, type IpRange } from '../access/ip-whitelist.js';
import { AppError, errorBody } from '../errors.js';
import type { Handlers } from '../handlers/types.js';
import type { Core } from '../services.js';
import { anyKeyGate, registerApiAccess, noteRejection } from './api-access.js';
import { answerClientError } from './client-errors.js';
import { APP_VERSION } from './app-version.js';
import type { ExportLinks } from './export-links.js';
import { toAppError } from './http-errors.js';
import { BODY_LIMIT_BYTES, parseJsonRequest } from './json-body.js';
import { registerIdempotency } from './idempotency.js';
import { recordRoutes, registerMethodCheck } from './method-not-allowed.js';
import { parseQueryString, registerQueryChecks } from './query-string.js';
import { validatorCompiler } from './validator.js';
import { responseSerializer } from './response-serializer.js';
import { OPENAPI_PATH, registerOpenApi, servedDocument } from './openapi.js';
import { docsQuery } from './docs-intro/index.js';
import { errorResponses } from './api-responses.js';
import { localServerUrl, openApiServers, type OpenApiServer } from './openapi-servers.js';
import { adminRoutes } from './routes/admin.js';
import { eventRoutes } from './routes/events.js';
import { eventTypeRoutes } from './routes/event-types.js';
import { meRoutes } from './routes/me.js';
import { registerMetrics } from './routes/metrics.js';
import { documentRoutes } from './routes/documents.js';
import { objectRoutes } from './routes/objects.js';
import { rendererRoutes } from './routes/renderer.js';
import { restHookRoutes } from './routes/rest-hooks.js';

export interface ServerOptions {
  /** The contract handlers; with `adminToken` they are served at /admin/rpc/<name>. */
  handlers?: Handlers;
  adminToken?: string;
  /** One-time links for log.export (headless). */
  exportLinks?: ExportLinks;
  /** Serves the built window at `/` (headless); a placeholder page when it is not built. */
  rendererDir?: string;
  /** Proxies whose X-Forwarded-For is believed; by default `settings.trustedProxies`, read per request. */
  trustProxy?: string[];
  /** The port the /admin Host check expects before the server listens (inject in tests). */
  port?: number;
  /** Host names besides the loopback ones and the bound address that /admin accepts. */
  adminHosts?: string[];
  /** The heartbeat of /admin/events (25 s; tests shorten it). */
  noticeHeartbeatMs?: number;
  logger?: FastifyServerOptions['logger'];
  /** The HTTP server to serve on instead of one of its own (switchable-server.ts: a restore swaps the app). */
  serverFactory?: FastifyServerFactory;
}

/** X-Forwarded-For is believed only from a trusted proxy; the list may change at runtime. */
function proxyTrust(core: Core, fixed?: string[]): (address: string) => boolean {
  let source: readonly string[] | undefined;
  let ranges: IpRange[] = [];
  return (address) => {
    const rules = fixed ?? core.settings.get().trustedProxies;
    if (rules !== source) {
      source = rules;
      ranges = compileIpRules(rules);
    }
    return ranges.length > 0 && ipMatchesAny(address, ranges);
  };
}

/** A body schema failing on no body at all is a missing body, not an invalid field. */
function isMissingBody(error: unknown, body: unknown): boolean {
  const context = (error as { validationContext?: string }).validationContext;
  return body === undefined && context === 'body' && error instanceof AppError && error.status === 422;
}

export function buildServer(core: Core, options: ServerOptions = {}): FastifyInstance {
  const isTrustedProxy = proxyTrust(core, options.trustProxy);
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: isTrustedProxy,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    ...(options.serverFactory ? { serverFactory: options.serverFactory } : {}),
    // Requests Node's parser refuses get the same error body (client-errors.ts).
    clientErrorHandler: answerClientError,
    routerOptions: { querystringParser: parseQueryString },
    // Errors the router raises before any hook (a bad URL, an over-long id) get the same shape.
    frameworkErrors: (error, request, reply) => {
      const path = request.url.split('?')[0];
      const appError =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new AppError(
              'not_found',
              `No route ${request.method} ${path.slice(0, 200)}: an id is at most 100 characters`,
            )
          : new AppError('bad_request', `Malformed URL: ${error.message}`);
      void (reply as FastifyReply).code(appError.status).send(errorBody(appError));
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer);
  // JSON only: without a parser for it, any other body is a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      done(null, parseJsonRequest(request.headers['content-type'], body as Buffer));
    } catch (err) {
      done(err as Error, undefined);
    }
  });

  app.setErrorHandler((error, request, reply) => {
    const appError = isMissingBody(error, request.body)
      ? new AppError(
          'bad_request',
          'Request body is missing: send a JSON object with Content-Type: application/json',
        )
      : toAppError(error, request.headers['content-type']);
    if (appError.status >= 500 && appError.code === 'internal') request.log.error(error);
    noteRejection(request, appError);
    return reply
      .code(appError.status)
      .headers(appError.headers ?? {})
      .send(errorBody(appError));
  });
  app.setNotFoundHandler((request, reply) => {
    const appError = new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`);
    noteRejection(request, appError);
    return reply.code(404).send(errorBody(appError));
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    done(null, payload);
  });

  const servers = (): OpenApiServer[] => {
    const { publicUrl, server } = core.settings.get();
    return openApiServers(
      publicUrl,
      localServerUrl(app.server.address(), { host: server.host, port: options.port ?? server.port }),
    );
  };
  // Before any route (@fastify/swagger's included): the table the 405s read.
  const routeTable = recordRoutes(app);
  registerOpenApi(app, servers);
  // onRequest in this order: a restore under way (503), bad query escapes (400), the key gate, then no route (404/405).
  refuseWhileUnavailable(app, core);
  registerQueryChecks(app);
  registerApiAccess(app, core);
  registerMethodCheck(app, routeTable, anyKeyGate(core));
  registerIdempotency(app, core.idempotency);
  // GET /metrics (Prometheus, its own token) and the hook timing every answer for it.
  registerMetrics(app, core);

  // Routes live in plugins, loaded in this order after @fastify/swagger has hooked onRoute.
  app.register(systemRoutes, { servers, core });
  app.register(meRoutes, { core });
  app.register(objectRoutes, { core });
  app.register(documentRoutes, { core, port: options.port });
  app.register(eventTypeRoutes);
  app.register(eventRoutes, { core });
  app.register(restHookRoutes, { core, isTrustedProxy, port: options.port });
  if (options.adminToken && options.handlers) {
    app.register(adminRoutes, {
      core,
      handlers: options.handlers,
      adminToken: options.adminToken,
      exportLinks: options.exportLinks,
      port: options.port ?? core.settings.get().server.port,
      extraHosts: options.adminHosts,
      noticeHeartbeatMs: options.noticeHeartbeatMs,
    });
  }
  if (options.rendererDir !== undefined) app.register(rendererRoutes, { rendererDir: options.rendererDir });
  return app;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * First of all hooks: while a restore runs, writes to /api/v1 get its 503 (the
 * contract's writes at /admin/rpc are refused by their commit policy); while the
 * core is closed, every call to /api/v1 and /admin does, before a key is looked up.
 */
function refuseWhileUnavailable(app: FastifyInstance, core: Core): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const { availability } = core;
    if (availability.writable) return done();
    const path = request.url.split('?')[0];
    const api = path.startsWith('/api/v1/');
    if (
      (!availability.readable && (api || path.startsWith('/admin/'))) ||
      (api && !SAFE_METHODS.has(request.method))
    ) {
      throw availability.refusal();
    }
    done();
  });
}

async function systemRoutes(
  fastify: FastifyInstance,
  { servers, core }: { servers: () => OpenApiServer[]; core: Core },
): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['System'],
        summary: 'Health check (no key needed)',
        response: {
          200: z.object({ status: z.literal('ok'), version: z.string() }).describe('The server is up'),
          503: z
            .object({ status: z.literal('not ok'), version: z.string() })
            .describe('The database is closed or being replaced (a restore); try again in a few seconds'),
        },
      },
    },
    async (_request, reply) =>
      core.availability.state === 'open'
        ? { status: 'ok' as const, version: APP_VERSION }
        : reply
            .code(503)
            .header('retry-after', '5')
            .send({ status: 'not ok' as const, version: APP_VERSION }),
  );
  app.get(
    OPENAPI_PATH,
    {
      schema: {
        tags: ['System'],
        summary: 'This OpenAPI 3.1 document (no key needed)',
        querystring: docsQuery,
        response: {
          200: z.looseObject({}).describe('The OpenAPI 3.1 document'),
          ...errorResponses([422], {
            422: '`lang` is not `en` or `de`: named in `details.fields` (`query.lang`)',
          }),
        },
      },
    },
    async (request) => servedDocument(fastify, servers, request.query.lang),
  );
}
