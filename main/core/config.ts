/**
 * Where the data lives and where the server listens, from the environment
 * (`DVERSUM_DATA_DIR`, `DVERSUM_HOST`, `DVERSUM_PORT`) over the settings.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface EnvConfig {
  dataDir: string;
  host?: string;
  port?: number;
}

export function defaultDataDir(): string {
  const xdg = process.env.XDG_DATA_HOME;
  return join(xdg && xdg.length > 0 ? xdg : join(homedir(), '.local', 'share'), 'dversum');
}

export function readEnvConfig(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const port = env.DVERSUM_PORT ? Number(env.DVERSUM_PORT) : undefined;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new Error(`DVERSUM_PORT must be a port number from 0 to 65535, not "${env.DVERSUM_PORT}"`);
  }
  return {
    dataDir: env.DVERSUM_DATA_DIR && env.DVERSUM_DATA_DIR.length > 0 ? env.DVERSUM_DATA_DIR : defaultDataDir(),
    host: env.DVERSUM_HOST || undefined,
    port,
  };
}
