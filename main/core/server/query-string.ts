/**
 * The query string, strictly: `querystringParser` decodes each name and value
 * (`+` is a space) and keeps the names whose percent-escapes do not decode
 * (`%zz`, `%E0%A4%A`, a lone `%`), which `registerQueryChecks` then refuses
 * with a 400 naming them, as the router refuses them in the path. On a keyed
 * route that takes query parameters (the lists, the events feed), one its
 * schema does not name is a 422 naming it (`query.foo`), as an unknown body
 * field is; routes that take none (their documents list no parameters) read
 * no query and ignore it.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, invalid } from '../errors.js';

const MALFORMED = Symbol('malformed query parameters');

type Query = Record<string, string | string[]> & { [MALFORMED]?: string[] };

const decode = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
};

/** Parses `a=1&b=2&a=3` to `{ a: ['1', '3'], b: '2' }`; never throws (see `malformedParameters`). */
export function parseQueryString(text: string): Query {
  const query: Query = Object.create(null) as Query;
  const malformed: string[] = [];
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    const name = decode(rawName);
    const value = decode(rawValue);
    if (name === undefined || value === undefined) malformed.push(name ?? rawName);
    const key = name ?? rawName;
    const decoded = value ?? rawValue;
    const previous = query[key];
    query[key] = previous === undefined ? decoded : [previous, decoded].flat();
  }
  if (malformed.length > 0) Object.defineProperty(query, MALFORMED, { value: malformed, enumerable: false });
  return query;
}

/** The parameters `parseQueryString` could not decode. */
export const malformedParameters = (query: unknown): string[] =>
  (query as Query | undefined)?.[MALFORMED] ?? [];

const MAX_NAME = 100;
const shown = (name: string): string =>
  `query.${name.length > MAX_NAME ? `${name.slice(0, MAX_NAME)}…` : name}`;

/** The parameter names a route's query schema declares (a zod object's shape); none without one. */
function declaredParameters(request: FastifyRequest): Set<string> {
  const schema = request.routeOptions.schema?.querystring as { shape?: Record<string, unknown> } | undefined;
  return new Set(Object.keys(schema?.shape ?? {}));
}

/**
 * The bad escapes: `onRequest`, before the key gate (register it first), as a
 * bad escape in the path is refused before any route runs. The unknown
 * parameters: `preValidation`, after the key gate, before the schema's own checks.
 */
export function registerQueryChecks(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const bad = malformedParameters(request.query);
    if (bad.length === 0) return done();
    const verb = bad.length === 1 ? 'has' : 'have';
    const message = 'has a malformed percent-escape; write a literal % as %25';
    throw new AppError(
      'bad_request',
      `Malformed query string: ${bad.map(shown).join(', ')} ${verb} a malformed percent-escape; write a literal % as %25`,
      { fields: bad.map((name) => ({ path: shown(name), message })) },
    );
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const declared = declaredParameters(request);
    if (declared.size === 0 || request.routeOptions.config?.permission === undefined) return done();
    const unknown = Object.keys(request.query as object).filter((name) => !declared.has(name));
    if (unknown.length === 0) return done();
    const message = `this endpoint does not take it: leave it out, or use ${[...declared].join(', ')}`;
    throw invalid(unknown.map((name) => ({ path: shown(name), message })));
  });
}
