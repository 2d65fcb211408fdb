/**
 * The backup folder and what is in it. The folder is the record: each file's
 * name carries its time and kind (contract/backups.ts), and a file gets its
 * final name only after its integrity check passed, so the list is what the
 * folder holds — the same after restoring an older database, and the same
 * on another machine that syncs the folder.
 */
import { accessSync, constants, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { BACKUP_FILE_PATTERN, type Backup, type BackupKind } from '../../../contract/index.js';
import { toIso } from '../clock.js';
import { AppError } from '../errors.js';

export const DEFAULT_FOLDER_NAME = 'backups';

/** The folder setting, or `backups/` beside the database file. */
export function resolveFolder(setting: string, dbFile: string | undefined): string {
  if (setting.length > 0) return setting;
  if (!dbFile) {
    throw new AppError(
      'conflict',
      'This database is in memory: choose a backup folder in Settings > General > Backups',
    );
  }
  return join(dirname(dbFile), DEFAULT_FOLDER_NAME);
}

const refuse = (message: string): AppError =>
  new AppError('validation_failed', message, { fields: [{ path: 'backups.folder', message }] });

const ABSOLUTE_EXAMPLE = process.platform === 'win32' ? 'D:\\Backups\\dVersum' : '/home/ada/Backups/dversum';

/** A folder that is relative, missing, not a folder or cannot be written is refused, naming it. */
export function checkFolder(folder: string): void {
  // A relative path would be taken from whatever folder dVersum was started in (a repository, say).
  if (!isAbsolute(folder)) {
    throw refuse(
      `Backup folder "${folder}" is a relative path, which would depend on the folder dVersum was started in: ` +
        `choose an absolute path, such as ${ABSOLUTE_EXAMPLE}`,
    );
  }
  if (!existsSync(folder)) {
    throw refuse(`The backup folder ${folder} does not exist: create it, or choose another folder`);
  }
  if (!statSync(folder).isDirectory()) {
    throw refuse(`The backup folder ${folder} is not a folder: choose a folder`);
  }
  // access() says yes to root for any folder: a real file says what the disk allows.
  const probe = join(folder, `.dversum-write-check-${process.pid}`);
  try {
    accessSync(folder, constants.W_OK);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'not writable';
    throw refuse(
      `The backup folder ${folder} cannot be written (${code}): choose a folder dVersum may write to`,
    );
  }
}

const KIND_IN_NAME: Record<BackupKind, string> = {
  manual: 'manual',
  daily: 'daily',
  'before restore': 'before-restore',
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `dversum-20261202-030000-daily.db` for a daily backup at 03:00:00 UTC; `-2` and on when the second is taken. */
export function backupFileName(folder: string, at: number, kind: BackupKind): string {
  const d = new Date(at);
  const stamp =
    `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-` +
    `${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`;
  for (let n = 1; ; n++) {
    const name = `dversum-${stamp}${n === 1 ? '' : `-${n}`}-${KIND_IN_NAME[kind]}.db`;
    if (!existsSync(join(folder, name))) return name;
  }
}

/** The backup a file name describes, or undefined for any other file. */
export function parseBackupName(
  name: string,
): { createdAt: number; kind: BackupKind; seq: number } | undefined {
  const match = BACKUP_FILE_PATTERN.exec(name);
  if (!match) return undefined;
  const [, date, time, seq, kind] = match;
  const createdAt = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(4, 6)) - 1,
    Number(date.slice(6, 8)),
    Number(time.slice(0, 2)),
    Number(time.slice(2, 4)),
    Number(time.slice(4, 6)),
  );
  return {
    createdAt,
    kind: kind === 'before-restore' ? 'before restore' : (kind as BackupKind),
    seq: seq ? Number(seq) : 1,
  };
}

/** The folder's backups, newest first; an absent folder has none. */
export function listBackups(folder: string): Backup[] {
  if (!existsSync(folder)) return [];
  const found: { backup: Backup; at: number; seq: number }[] = [];
  for (const name of readdirSync(folder)) {
    const parsed = parseBackupName(name);
    if (!parsed) continue;
    const path = join(folder, name);
    let size: number;
    try {
      const stat = statSync(path);
      if (!stat.isFile()) continue;
      size = stat.size;
    } catch {
      continue; // removed (or being synced away) while we looked
    }
    const backup = { id: name, kind: parsed.kind, createdAt: toIso(parsed.createdAt), size, path };
    found.push({ backup, at: parsed.createdAt, seq: parsed.seq });
  }
  found.sort((a, b) => b.at - a.at || b.seq - a.seq);
  return found.map((entry) => entry.backup);
}
