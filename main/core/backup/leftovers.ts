/**
 * Files an interrupted backup or restore leaves (a kill -9, a power cut): the
 * backup's `dversum-….db.partial` (and its journal) in the backup folder, the
 * restore's checked copy `<database>.restoring` beside the database, and the
 * folder's write probe. They hold the database's contents (signing secrets
 * among them) and can be large, so the core removes them at start, before any
 * backup or restore can run, and says so once through `CoreOptions.log`.
 * Nothing else is touched: only names dVersum itself gives these files.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { parseBackupName } from './backup-folder.js';

const SIDE = /^(-journal|-wal|-shm)?$/;
const PARTIAL = /\.partial(-journal|-wal|-shm)?$/;
const PROBE = /^\.dversum-write-check-\d+$/;

export interface Leftover {
  path: string;
  size: number;
}

const isPartialBackup = (name: string): boolean =>
  PARTIAL.test(name) && parseBackupName(name.replace(PARTIAL, '')) !== undefined;

function names(folder: string): string[] {
  try {
    return existsSync(folder) ? readdirSync(folder).sort() : [];
  } catch {
    return []; // an unreadable folder is refused when a backup is made, not at start
  }
}

/** Removes what an interrupted backup or restore left; returns what it removed. */
export function removeLeftovers(backupFolder: string | undefined, dbFile: string | undefined): Leftover[] {
  const found: string[] = [];
  // A relative folder (refused since, but stored by an older version) would be read from the working folder.
  if (backupFolder && isAbsolute(backupFolder)) {
    for (const name of names(backupFolder)) {
      if (isPartialBackup(name) || PROBE.test(name)) found.push(join(backupFolder, name));
    }
  }
  if (dbFile) {
    const staged = `${basename(dbFile)}.restoring`;
    for (const name of names(dirname(dbFile))) {
      if (name.startsWith(staged) && SIDE.test(name.slice(staged.length))) {
        found.push(join(dirname(dbFile), name));
      }
    }
  }
  const removed: Leftover[] = [];
  for (const path of found) {
    try {
      const stat = statSync(path);
      if (!stat.isFile()) continue;
      rmSync(path, { force: true });
      removed.push({ path, size: stat.size });
    } catch {
      // gone meanwhile, or not ours to remove: left as it is
    }
  }
  return removed;
}

const megabytes = (bytes: number): string => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** The one line the core prints when it removed something. */
export function describeLeftovers(removed: readonly Leftover[]): string {
  const total = removed.reduce((sum, item) => sum + item.size, 0);
  const n = removed.length;
  return (
    `dVersum removed ${n} file${n === 1 ? '' : 's'} (${megabytes(total)}) left by an interrupted backup or restore: ` +
    `${removed.map((item) => item.path).join(', ')}.`
  );
}
