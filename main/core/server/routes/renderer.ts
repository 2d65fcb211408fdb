/**
 * Serves the built window (`out/renderer`) at `/` in headless mode: files as
 * they are, any other path without an extension gets index.html (the window
 * routes itself). Until the window is built, a small page says so.
 *
 * No other page may frame the window (the admin token sits in its
 * localStorage, so a framing page could lure a click on Delete or Rotate):
 * every response here carries the CSP of renderer/index.html's meta tag plus
 * `frame-ancestors 'none'`, which only a header can say, and
 * `X-Frame-Options: DENY` for older browsers.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../errors.js';
import { FAVICON_ICO } from '../brand-icons.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** renderer/index.html's `<meta>` policy (test/core/server/routes/renderer.test.ts holds them equal). */
const WINDOW_POLICY = "default-src 'self'";
export const WINDOW_CSP = `${WINDOW_POLICY}; frame-ancestors 'none'`;

const PLACEHOLDER_STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f2f2f2;padding:.1rem .3rem}';
/** The placeholder's one inline style is allowed by its hash, nothing else inline. */
const PLACEHOLDER_CSP = `${WINDOW_POLICY}; style-src 'sha256-${createHash('sha256').update(PLACEHOLDER_STYLE, 'utf8').digest('base64')}'; frame-ancestors 'none'`;

const PLACEHOLDER = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dVersum</title>
<style>${PLACEHOLDER_STYLE}</style>
</head><body>
<h1>dVersum is running</h1>
<p>The window is not built yet. Build it with <code>npx vite build --config renderer/vite.config.ts</code>
(<code>npm run serve</code> does this by itself) and reload.</p>
<p>The API works already: see the <a href="/api/docs">API docs</a>.</p>
</body></html>`;

const RESERVED = /^\/(api|admin)(\/|$)|^\/healthz$/;

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export async function rendererRoutes(app: FastifyInstance, options: { rendererDir?: string }): Promise<void> {
  const root = options.rendererDir ? resolve(options.rendererDir) : undefined;

  const sendFile = (reply: FastifyReply, file: string) => {
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const immutable = file.startsWith(join(root ?? '', 'assets') + sep);
    return reply
      .type(type)
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(createReadStream(file));
  };

  // Encapsulated in this plugin: /api/docs keeps Swagger UI's own policy (openapi.ts).
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('content-security-policy')) reply.header('content-security-policy', WINDOW_CSP);
    reply.header('x-frame-options', 'DENY');
    reply.header('referrer-policy', 'no-referrer');
    return payload;
  });

  // renderer/index.html links it; browsers also ask for it by convention. Built in, so it is
  // there before the window is built.
  app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('image/x-icon').header('cache-control', 'public, max-age=86400').send(FAVICON_ICO),
  );

  // For the 405s (method-not-allowed.ts): the reserved paths are no route of this one.
  app.get(
    '/*',
    { schema: { hide: true }, config: { serves: (path) => !RESERVED.test(path) } },
    async (request, reply) => {
      let path: string;
      try {
        path = decodeURIComponent(request.url.split('?')[0]);
      } catch {
        throw new AppError('bad_request', 'Malformed percent-encoding in the URL');
      }
      if (RESERVED.test(path)) throw new AppError('not_found', `No route ${request.method} ${path}`);
      const index = root ? join(root, 'index.html') : undefined;
      if (!root || !index || !existsSync(index))
        return reply
          .type('text/html; charset=utf-8')
          .header('content-security-policy', PLACEHOLDER_CSP)
          .send(PLACEHOLDER);

      const file = normalize(join(root, path));
      if (file !== root && !file.startsWith(root + sep)) throw new AppError('not_found', `No file ${path}`);
      if (isFile(file)) return sendFile(reply, file);
      if (extname(path) !== '') throw new AppError('not_found', `No file ${path}`);
      return sendFile(reply, index);
    },
  );
}
