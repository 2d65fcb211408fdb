#!/usr/bin/env node
/**
 * Bundles headless mode (main/headless/serve.ts, the core it imports and its
 * dependencies) into out/headless/serve.mjs with esbuild, and copies the
 * migrations beside it. Started from the bundle, `npm run serve` answers
 * /healthz in about a third of the time it takes under tsx, which compiles and
 * resolves each TypeScript module through a loader thread at every start.
 *
 * `buildHeadless()` rebuilds only when a source under main/ or contract/ is
 * newer than the bundle; it returns the bundle's path, or null when esbuild is
 * not installed (the caller then runs the sources under tsx).
 */
import { cpSync, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const HEADLESS_BUNDLE = join(root, 'out', 'headless', 'serve.mjs');

/**
 * Node's flags for the headless server (scripts/serve.mjs; the idle bench starts it the same
 * way). A young generation of 1 MB a half instead of growing to 8: V8 grows it during start and
 * never gives it back, about 15 MB resident with nothing in it for as long as the server runs.
 * Scavenges come more often in a burst, each smaller; the incoming bench showed no loss
 * (docs/performance.md, "Issue 22, session 4: idle").
 */
export const HEADLESS_NODE_FLAGS = ['--max-semi-space-size=1'];

/**
 * The environment added for the headless server. glibc's malloc gives each thread that
 * allocates an arena of its own (the checkpoint thread, V8's and libuv's helpers), each
 * keeping what it freed: one arena for all is 4-6 MB less resident when idle; each thread
 * still allocates small blocks from its own cache without a lock. A value already set wins.
 */
export function headlessEnv(env = process.env) {
  return { MALLOC_ARENA_MAX: '1', ...env };
}

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function headlessBundleIsStale() {
  if (!existsSync(HEADLESS_BUNDLE)) return true;
  const built = statSync(HEADLESS_BUNDLE).mtimeMs;
  return Math.max(newestMtime(join(root, 'main')), newestMtime(join(root, 'contract'))) > built;
}

export async function buildHeadless({ force = false } = {}) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return null;
  }
  if (!force && !headlessBundleIsStale()) return HEADLESS_BUNDLE;
  const outDir = dirname(HEADLESS_BUNDLE);
  rmSync(outDir, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: [join(root, 'main', 'headless', 'serve.ts')],
    outfile: HEADLESS_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies are bundled too: resolving and loading hundreds of small files
    // (zod's, Fastify's, undici's) is most of the start-up. Left out: the native
    // module, and the plugins that read files kept beside them (Swagger UI's assets). pdfkit is
    // not bundled either: it is required at the first document (main/core/documents/pdfkit-lazy.ts).
    external: ['better-sqlite3', '@fastify/swagger', '@fastify/swagger-ui'],
    // CommonJS dependencies inside an ES module bundle still call require().
    banner: {
      js: "import { createRequire as __dvCreateRequire } from 'node:module';\nconst require = __dvCreateRequire(import.meta.url);",
    },
    // No comments or indentation: V8 keeps the module's source text in memory for as long as
    // the process runs, and a comment with one character past ASCII (undici's "request’s")
    // makes it a two-byte string: 6.5 MB of source held as 13 MB. Names are kept as written.
    minifyWhitespace: true,
    legalComments: 'none',
    charset: 'ascii',
    logLevel: 'warning',
  });
  // The store finds its migrations next to itself (new URL('./migrations', import.meta.url)).
  cpSync(join(root, 'main', 'core', 'store', 'migrations'), join(outDir, 'migrations'), { recursive: true });
  return HEADLESS_BUNDLE;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bundle = await buildHeadless({ force: true });
  console.log(bundle ? `Built ${bundle}` : 'esbuild is not installed: nothing built');
}
