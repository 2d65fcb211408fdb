/**
 * `npm run backup` and `npm run restore -- <file>` (scripts/backup.mjs): the
 * same backup and restore as Settings > General > Backups, for headless mode.
 * - With no dVersum on the data folder, they open it themselves (the restore
 *   closes, swaps and reopens as the running app does, leaving sending paused).
 *   A database that does not open (damaged) is replaced by the checked file
 *   and kept beside it (damaged-restore.ts): the way back its start message gives.
 * - While `npm run serve` holds the folder, they ask it over /admin/rpc with the
 *   admin token in the data folder (at DVERSUM_HOST/DVERSUM_PORT or the
 *   defaults), so the running server backs up or restores itself.
 * A relative <file> is read from where npm was started (INIT_CWD).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_SETTINGS } from '../../contract/index.js';
import { readEnvConfig, type EnvConfig } from '../core/config.js';
import { CoreHolder } from '../core/core-holder.js';
import { createCore, type Core } from '../core/core.js';
import { serverUrlFor } from '../core/server/server-url.js';
import { pausedReason } from '../core/backup/backups-service.js';
import { restoreOverDamaged } from '../core/backup/damaged-restore.js';
import { DamagedDatabaseError } from '../core/store/database.js';
import { InstanceLockedError } from '../core/store/instance-lock.js';

export const USAGE = 'Usage: npm run backup | npm run restore -- <file>';

export interface CliOptions {
  env?: EnvConfig;
  cwd?: string;
  log?: (line: string) => void;
}

type Command = { kind: 'backup' } | { kind: 'restore'; path: string };

export function parseCommand(args: string[], cwd: string): Command | undefined {
  const [kind, file, ...rest] = args;
  if (kind === 'backup' && file === undefined) return { kind };
  if (kind === 'restore' && file && rest.length === 0) return { kind, path: resolve(cwd, file) };
  return undefined;
}

async function offline(
  core: Core,
  command: Command,
  dataDir: string,
  log: (line: string) => void,
): Promise<void> {
  if (command.kind === 'backup') {
    const made = await core.backups.create('manual');
    log(`Backed up to ${made.path} (${made.size} bytes)`);
    await core.close();
    return;
  }
  const holder = new CoreHolder(core, () => createCore({ dataDir }));
  try {
    const plan = await core.backups.prepareRestore({ path: command.path });
    await holder.replace(plan);
    log(`Restored ${plan.source}. The database before it is kept as ${plan.beforeRestore!.path}.`);
    log(plan.pausedReason);
  } finally {
    await holder.core.close();
  }
}

/** The database does not open: the checked file replaces it, the damaged one is kept beside it. */
async function overDamaged(source: string, dataDir: string, log: (line: string) => void): Promise<void> {
  const { keptAs } = restoreOverDamaged(dataDir, source, Date.now());
  const core = createCore({ dataDir });
  const reason = pausedReason(source);
  core.dispatcher.setPaused(true, reason);
  await core.close();
  log(`Restored ${source}. The damaged database is kept as ${keptAs}.`);
  log(reason);
}

/** Asks the server that holds the folder; undefined when none answers at the expected address. */
async function online(command: Command, env: EnvConfig, log: (line: string) => void): Promise<boolean> {
  const tokenFile = join(env.dataDir, 'admin-token');
  if (!existsSync(tokenFile)) return false;
  const url = serverUrlFor(
    env.host ?? DEFAULT_SETTINGS.server.host,
    env.port ?? DEFAULT_SETTINGS.server.port,
  );
  const [name, body] =
    command.kind === 'backup' ? ['backups.create', {}] : ['backups.restore', { path: command.path }];
  let response: Response;
  try {
    response = await fetch(`${url}/admin/rpc/${name}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${readFileSync(tokenFile, 'utf8').trim()}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
  } catch {
    return false;
  }
  const answer = (await response.json()) as Record<string, unknown> & { error?: { message: string } };
  if (!response.ok) throw new Error(answer.error?.message ?? `${url} answered ${response.status}`);
  if (command.kind === 'backup') log(`The running dVersum at ${url} backed up to ${String(answer.path)}`);
  else
    log(
      `The running dVersum at ${url} restored ${String(answer.restoredFrom)}. ${String(answer.pausedReason)}`,
    );
  return true;
}

export async function runBackupCli(args: string[], options: CliOptions = {}): Promise<number> {
  const log = options.log ?? ((line: string) => console.log(line));
  const command = parseCommand(args, options.cwd ?? process.env.INIT_CWD ?? process.cwd());
  if (!command) {
    log(USAGE);
    return 2;
  }
  const env = options.env ?? readEnvConfig();
  try {
    let core: Core;
    try {
      core = createCore({ dataDir: env.dataDir });
    } catch (err) {
      if (err instanceof InstanceLockedError && (await online(command, env, log))) return 0;
      if (err instanceof DamagedDatabaseError && command.kind === 'restore') {
        await overDamaged(command.path, env.dataDir, log);
        return 0;
      }
      throw err;
    }
    await offline(core, command, env.dataDir, log);
    return 0;
  } catch (err) {
    log(`dVersum: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runBackupCli(process.argv.slice(2)).then((code) => process.exit(code));
}
