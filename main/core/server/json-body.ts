/**
 * The JSON request body parser for /api/v1 and /admin/rpc: UTF-8 only, at
 * most 1 MiB, errors that say where the JSON breaks, no `__proto__` keys, no
 * lone UTF-16 surrogates. Its errors are AppErrors; `http-errors.ts` answers them.
 */
import { AppError } from '../errors.js';

export const BODY_LIMIT_BYTES = 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The `charset` parameter of a Content-Type, lower-cased and unquoted; undefined when absent. */
function charsetOf(contentType: string): string | undefined {
  for (const param of contentType.split(';').slice(1)) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'charset') continue;
    return param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .toLowerCase();
  }
  return undefined;
}

/**
 * A JSON request body: UTF-8 only (any other charset is a 415, rather than text
 * decoded as something the sender did not mean), parsed, and every string in
 * it well-formed Unicode. Used for /api/v1 and /admin/rpc alike.
 */
export function parseJsonRequest(contentType: string | undefined, body: Buffer): unknown {
  const charset = contentType === undefined ? undefined : charsetOf(contentType);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new AppError(
      'unsupported_media_type',
      `Unsupported Content-Type "${contentType}": only UTF-8 JSON is accepted; send the body as application/json; charset=utf-8`,
    );
  }
  const text = decodeUtf8Body(body);
  const value = parseJsonBody(text);
  // Valid UTF-8 holds no surrogates: only a `\uD800`–`\uDFFF` escape can make one.
  if (SURROGATE_ESCAPE.test(text)) refuseLoneSurrogates(value);
  return value;
}

const escaped = (unit: string): string => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * JSON's `\ud800` escape parses to a string no UTF-8 can hold: SQLite would
 * store U+FFFD while the event carried the escape. Refused, naming the field
 * by the same dotted path the 422s use (`items.0.description`).
 */
function refuseLoneSurrogates(value: unknown, path: string[] = []): void {
  const where = path.join('.');
  const refuse = (lone: string, subject: string): never => {
    const what = `contains a lone UTF-16 surrogate (${escaped(lone)})`;
    throw new AppError('bad_request', `${subject} ${what}: send valid Unicode text`, {
      fields: [{ path: where, message: what }],
    });
  };
  if (typeof value === 'string') {
    const lone = LONE_SURROGATE.exec(value);
    if (lone) refuse(lone[0], where ? `Field ${where}` : 'The request body');
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => refuseLoneSurrogates(item, [...path, String(index)]));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    const lone = LONE_SURROGATE.exec(key);
    if (lone) refuse(lone[0], where ? `A field name in ${where}` : 'A field name');
    refuseLoneSurrogates(item, [...path, key]);
  }
}

/**
 * JSON is UTF-8 (RFC 8259). Bytes that are not are refused rather than turned
 * into U+FFFD: a title stored as "��" loses what the sender meant, silently.
 */
export function decodeUtf8Body(body: Buffer): string {
  try {
    return utf8.decode(body);
  } catch {
    throw new AppError('bad_request', 'Malformed JSON in request body: it is not valid UTF-8 text');
  }
}

/**
 * The JSON body parser: Fastify's own says only "not valid JSON"; this one says
 * where, and still refuses `__proto__` and `constructor.prototype` keys.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim().length === 0) {
    throw new AppError(
      'bad_request',
      'Request body is empty: send a JSON object with Content-Type: application/json',
    );
  }
  // No body of this API nests deeply; refusing early keeps every later walk off the stack limit.
  if (nestingDepth(text) > MAX_JSON_DEPTH) {
    throw new AppError(
      'bad_request',
      `Malformed JSON in request body: nested deeper than ${MAX_JSON_DEPTH} levels`,
    );
  }
  try {
    // Both refused keys need the letters "proto", or a \u escape to spell them: without either, the
    // reviver (a call per value, nearly doubling the parse of a megabyte of keys) has nothing to find.
    if (!text.includes('proto') && !text.includes('\\u')) return JSON.parse(text) as unknown;
    return JSON.parse(text, (key, value: unknown) => {
      if (
        key === '__proto__' ||
        (key === 'constructor' && typeof value === 'object' && value !== null && 'prototype' in value)
      ) {
        throw new AppError('bad_request', `Malformed JSON in request body: the key "${key}" is not allowed`);
      }
      return value;
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('bad_request', `Malformed JSON in request body: ${(err as Error).message}`);
  }
}

export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of arrays and objects in JSON text (brackets inside strings do not count). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
