/**
 * What the router does not match: a path that exists for other methods is a
 * 405 with `Allow` (RFC 9110 §15.5.6), any method at all, OPTIONS and unknown
 * ones such as QUERY included; a path that exists for no method is a 404.
 * Both are answered in `onRequest`, before a body is read, so a body a route
 * would refuse never turns them into a 400 or 415. On a path whose routes
 * need an API key the key gate runs first (401 without a valid key): a
 * stranger learns no more than the 401 of the right method tells. /admin is
 * not in the table: its wrong methods stay 404s, as its paths are for its own
 * window only.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A catch-all route (`/*`) that serves only some of the paths it matches: the others are no route of it. */
    serves?: (path: string) => boolean;
  }
}

interface TableRoute {
  pattern: RegExp;
  methods: Set<string>;
  keyed: boolean;
  serves?: (path: string) => boolean;
}

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** find-my-way's route syntax as a RegExp: `:id` is one segment, `*` the rest. */
export function routePattern(url: string): RegExp {
  const source = url
    .split(/(:[A-Za-z0-9_]+|\*)/)
    .map((part) => {
      if (part === '*') return '.*';
      if (part.startsWith(':')) return '[^/]*'; // find-my-way matches an empty parameter too
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`);
}

const byOrder = (a: string, b: string): number => {
  const ia = METHOD_ORDER.indexOf(a);
  const ib = METHOD_ORDER.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  return a.localeCompare(b);
};

export interface RouteTable {
  /** The methods some route serves on this path (`Allow` order), and whether any of those routes needs a key. */
  lookup(path: string): { methods: string[]; keyed: boolean };
}

/** Records every route as it is added (call before any route is registered). */
export function recordRoutes(app: FastifyInstance): RouteTable {
  const routes = new Map<string, TableRoute>();
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/admin')) return;
    const entry = routes.get(route.url) ?? {
      pattern: routePattern(route.url),
      methods: new Set<string>(),
      keyed: false,
    };
    for (const method of [route.method].flat()) entry.methods.add(method.toUpperCase());
    if (route.config?.permission !== undefined) entry.keyed = true;
    if (route.config?.serves) entry.serves = route.config.serves;
    routes.set(route.url, entry);
  });
  return {
    lookup(path) {
      const methods = new Set<string>();
      let keyed = false;
      for (const route of routes.values()) {
        if (!route.pattern.test(path) || (route.serves && !route.serves(path))) continue;
        route.methods.forEach((method) => methods.add(method));
        keyed ||= route.keyed;
      }
      return { methods: [...methods].sort(byOrder), keyed };
    },
  };
}

const pathOf = (url: string): string => url.split('?')[0];

/**
 * The onRequest hook answering what no route matched. `keyGate` is the API
 * key check (api-access.ts) with any valid key taken; it throws its 401/403/429.
 */
export function registerMethodCheck(
  app: FastifyInstance,
  table: RouteTable,
  keyGate: (request: FastifyRequest, reply: FastifyReply) => void,
): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (!request.is404) return done();
    const path = pathOf(request.url);
    const { methods, keyed } = table.lookup(path);
    if (methods.length === 0) {
      throw new AppError('not_found', `No route ${request.method} ${path}`);
    }
    if (keyed) keyGate(request, reply);
    const allow = methods.join(', ');
    throw new AppError(
      'method_not_allowed',
      `Method ${request.method.slice(0, 20)} is not allowed on ${path.slice(0, 200)}: it allows ${allow}`,
      undefined,
      { allow },
    );
  });
}
