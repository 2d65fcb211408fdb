/**
 * Headless mode (`npm run serve`): the core and the server under plain Node,
 * the built window at `/`, the contract at /admin/rpc behind an admin token
 * kept in `<data dir>/admin-token` (mode 0600, written on the first start).
 * The core, server and restore hand-over are the shared wiring's
 * (main/host/compose.ts); this keeps the admin token, the export links, the
 * lines on stdout and the signals.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { readEnvConfig, type EnvConfig } from '../core/config.js';
import { createCore, type Core } from '../core/core.js';
import { ExportLinks } from '../core/server/export-links.js';
import { isWildcardHost } from '../core/server/server-url.js';
import { HostWiring } from '../host/compose.js';

export const DEFAULT_RENDERER_DIR = fileURLToPath(new URL('../../out/renderer', import.meta.url));
const ADMIN_TOKEN_FILE = 'admin-token';

/** Reads the admin token, or writes a new random one readable by the owner only. */
export function ensureAdminToken(dataDir: string): { token: string; file: string; created: boolean } {
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token.length >= 32) {
      chmodSync(file, 0o600);
      return { token, file, created: false };
    }
  }
  const token = randomBytes(32).toString('base64url');
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600); // the umask may have narrowed the mode; a rewritten file keeps its old one
  return { token, file, created: true };
}

/** Says what to do when the address cannot be used. */
function listenError(err: unknown, host: string, port: number): Error {
  const code = (err as NodeJS.ErrnoException).code;
  const where = `${host}:${port}`;
  if (code === 'EADDRINUSE') {
    return new Error(
      `${where} is already in use: stop the program using it, or choose another port with DVERSUM_PORT`,
    );
  }
  if (code === 'EACCES')
    return new Error(`${where} may not be used by this user: choose a port above 1023 with DVERSUM_PORT`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new Error(`${host} is not an address of this machine: check DVERSUM_HOST`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** Extra names the window may be opened under (a NAS's DNS name, a reverse proxy's), comma-separated. */
export function adminHostsFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env.DVERSUM_ADMIN_HOSTS ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name.length > 0);
}

export interface Headless {
  /** The core in use: a restore replaces it (and the app built on it). */
  readonly core: Core;
  readonly app: FastifyInstance;
  url: string;
  tokenFile: string;
  close(): Promise<void>;
}

export interface HeadlessOptions {
  env?: EnvConfig;
  rendererDir?: string;
  log?: (line: string) => void;
  /** How long to wait for the data folder's lock held by another process (0: refuse at once). */
  lockWaitMs?: number;
}

/**
 * What `npm run serve` waits for a folder another process holds: when the launcher
 * (npm, or scripts/serve.mjs) is killed, the server it started goes within a moment,
 * and a start made at once should then get the folder instead of being refused.
 */
const CLI_LOCK_WAIT_MS = 2500;

export async function startHeadless(options: HeadlessOptions = {}): Promise<Headless> {
  const env = options.env ?? readEnvConfig();
  const log = options.log ?? ((line: string) => console.log(line));
  let exportLinks: ExportLinks | undefined;
  const wiring = new HostWiring({
    mode: 'headless',
    // Only the first start waits for a lock whose holder is going; a restore's core opens at once.
    openCore: (reason) =>
      createCore({ dataDir: env.dataDir, lockWaitMs: reason === 'start' ? options.lockWaitMs : undefined }),
    exportLog: async (input) => ({ url: exportLinks!.link(input) }),
  });
  try {
    const admin = ensureAdminToken(env.dataDir);
    const configured = wiring.core.settings.get().server;
    const host = env.host ?? configured.host;
    const port = env.port ?? configured.port;
    exportLinks = new ExportLinks(wiring.core.clock);
    await wiring.serve({
      adminToken: admin.token,
      exportLinks,
      rendererDir: options.rendererDir ?? DEFAULT_RENDERER_DIR,
      port,
      adminHosts: adminHostsFromEnv(),
      logger: { level: 'warn' },
    });
    await wiring.start();
    let url: string;
    try {
      url = await wiring.listen(host, port);
    } catch (err) {
      throw listenError(err, host, port);
    }

    log(`dVersum is running (headless) at ${url}`);
    log(`Admin token ${admin.created ? 'written to' : 'in'} ${admin.file}: sign in to the window with it`);
    log(`API docs: ${url}/api/docs`);
    if (isWildcardHost(host)) log(`Listening on every network interface (${host}), as configured`);

    return {
      get core() {
        return wiring.core;
      },
      get app() {
        return wiring.app;
      },
      url,
      tokenFile: admin.file,
      close: () => wiring.close(),
    };
  } catch (err) {
    await wiring.close();
    throw err;
  }
}

async function main(): Promise<void> {
  let headless: Headless;
  try {
    headless = await startHeadless({ lockWaitMs: CLI_LOCK_WAIT_MS });
  } catch (err) {
    console.error(`dVersum could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  }
  // `npm run serve` forwards the signal the terminal already sent: the second one is ignored.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping dVersum`);
    headless.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Started by scripts/serve.mjs with a channel: when the launcher dies (kill -9), the channel
  // closes and the server goes too, instead of living on as an orphan that holds the folder.
  if (process.channel) {
    process.channel.unref();
    process.on('disconnect', () => {
      setTimeout(() => process.exit(1), LAUNCHER_GONE_GRACE_MS).unref();
      stop('The launcher (npm run serve) is gone');
    });
  }
}

/** A launcher killed with -9 is a crash: what is in flight is sent again at the next start. */
const LAUNCHER_GONE_GRACE_MS = 1000;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
