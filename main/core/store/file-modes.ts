/**
 * The data folder and the database files are the owner's alone: the database
 * holds API key hashes, and in headless mode the webhooks' signing secrets in
 * plain text. The folder is 0700, the files 0600, whatever the umask.
 *
 * SQLite creates `-wal` and `-shm` with the mode of the database file, so the
 * database file is created here (empty, 0600) before SQLite first opens it.
 * A folder or file that is readable by others is tightened at start; the core
 * says so once, when it changed something. POSIX only: Windows has no such
 * modes (the user's profile folder already keeps others out).
 */
import {
  chmodSync,
  closeSync,
  fchmodSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname } from 'node:path';

export const FOLDER_MODE = 0o700;
export const FILE_MODE = 0o600;

export interface ModeChange {
  path: string;
  from: number;
  to: number;
}

const applies = () => process.platform !== 'win32';
const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`;

const errCode = (err: unknown) => (err as NodeJS.ErrnoException).code;

/** Creates the data folder 0700 (its parents as usual); an existing one is left to `makePrivate`. */
export function createPrivateFolder(dir: string): void {
  mkdirSync(dirname(dir), { recursive: true });
  try {
    mkdirSync(dir, { mode: FOLDER_MODE });
  } catch (err) {
    if (errCode(err) === 'EEXIST') return;
    throw err;
  }
  // The umask can only take bits away; set the mode itself so it never depends on it.
  if (applies()) chmodSync(dir, FOLDER_MODE);
}

/** Creates an empty file 0600 unless it exists (an empty file is an empty SQLite database). */
export function createPrivateFile(file: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx', FILE_MODE);
  } catch (err) {
    if (errCode(err) === 'EEXIST') return;
    throw err;
  }
  closeSync(fd);
  if (applies()) chmodSync(file, FILE_MODE);
}

/**
 * Copies `source` into a new file `dest` that is 0600 before its first byte
 * (`copyFileSync` would give it the source's mode: a restore candidate may be 0644).
 */
export function copyPrivateFile(source: string, dest: string): void {
  const from = openSync(source, 'r');
  try {
    const to = openSync(dest, 'wx', FILE_MODE);
    try {
      if (applies()) fchmodSync(to, FILE_MODE);
      const buffer = Buffer.allocUnsafe(1 << 20);
      for (let read; (read = readSync(from, buffer, 0, buffer.length, null)) > 0;) {
        for (let written = 0; written < read;) written += writeSync(to, buffer, written, read - written);
      }
    } finally {
      closeSync(to);
    }
  } finally {
    closeSync(from);
  }
}

/** Takes the group's and others' bits away; a missing path or one owned by someone else is skipped. */
function tighten(path: string, changes: ModeChange[]): void {
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch (err) {
    if (errCode(err) === 'ENOENT') return;
    throw err;
  }
  if ((mode & 0o077) === 0) return;
  const to = mode & ~0o077;
  try {
    chmodSync(path, to);
  } catch (err) {
    // Not ours to change (EPERM): whether we may use it at all is decided elsewhere.
    if (errCode(err) === 'EPERM') return;
    throw err;
  }
  changes.push({ path, from: mode, to });
}

/**
 * Makes the folder and the database files private, creating the database file
 * 0600 when it does not exist yet. Returns what it changed (nothing when all was
 * already private). `extraFiles` are other files of the folder (the lock).
 */
export function makePrivate(
  dataDir: string | undefined,
  dbFile: string,
  extraFiles: string[] = [],
): ModeChange[] {
  const changes: ModeChange[] = [];
  if (!applies()) return changes;
  if (dataDir) tighten(dataDir, changes);
  if (dbFile !== ':memory:') {
    createPrivateFile(dbFile);
    for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}-journal`])
      tighten(file, changes);
  }
  for (const file of extraFiles) tighten(file, changes);
  return changes;
}

/** The one line the core prints when it tightened something. */
export function describeTightening(folder: string, changes: ModeChange[]): string {
  const what = changes
    .map((c) => `${c.path === folder ? 'the folder' : basename(c.path)} ${octal(c.from)} → ${octal(c.to)}`)
    .join(', ');
  return `dVersum made the data folder ${folder} readable by this user only (${what}).`;
}
