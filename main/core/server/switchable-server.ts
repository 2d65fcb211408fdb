/**
 * One listening HTTP server whose requests go to the Fastify app of the core
 * in use: after a restore the host builds a new app on the new core and
 * `activate`s it, and the next request goes there. The address, keep-alive
 * connections and the port stay; nothing in between is refused for a gap.
 * Each app is built with `serverFactory` from `build`, so it never listens (or
 * closes the socket) itself.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyServerFactory } from 'fastify';

type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

export class SwitchableServer {
  readonly server: Server;
  private current: RequestHandler | undefined;
  private readonly handlers = new WeakMap<FastifyInstance, RequestHandler>();

  constructor() {
    this.server = createServer((request, response) => {
      if (this.current) return this.current(request, response);
      response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
      response.end(JSON.stringify({ error: { code: 'unavailable', message: 'dVersum is starting' } }));
    });
  }

  /** Builds an app that serves on this server once activated. */
  build(make: (serverFactory: FastifyServerFactory) => FastifyInstance): FastifyInstance {
    let handler: RequestHandler | undefined;
    const app = make((fastifyHandler) => {
      handler = fastifyHandler as RequestHandler;
      return this.server;
    });
    if (!handler) throw new Error('buildServer did not use the server factory');
    this.handlers.set(app, handler);
    return app;
  }

  /** From now on requests go to `app`. */
  async activate(app: FastifyInstance): Promise<void> {
    await app.ready();
    this.current = this.handlers.get(app);
  }

  listen(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen({ host, port }, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
  }

  /** Stops listening; the apps' own close has ended their streams by then. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
