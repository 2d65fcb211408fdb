/**
 * Backups and restore (`core.backups`): a backup now, the list, the newest
 * `keep` manual and daily ones kept (the newest 3 "before restore" apart), and
 * a restore prepared here and carried out by the host (core-holder.ts), which
 * alone may close and reopen the core.
 *
 * A restore candidate is copied beside the database first and only the copy
 * is inspected and swapped in: the owner's file is only read, and a refused
 * one leaves everything as it was. The running database is kept as a
 * "before restore" backup before anything changes.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Backup, BackupKind } from '../../../contract/index.js';
import { toIso, type Clock } from '../clock.js';
import { AppError, notFound } from '../errors.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { DatabaseFiles, Inspection, Swap } from '../store/backup-file.js';
import { copyPrivateFile } from '../store/file-modes.js';
import { backupFileName, checkFolder, listBackups, parseBackupName, resolveFolder } from './backup-folder.js';
import { describeLeftovers, removeLeftovers } from './leftovers.js';

export interface BackupsDeps {
  clock: Clock;
  settings: Pick<SettingsStore, 'get'>;
  files: DatabaseFiles;
}

/** What core-holder.ts needs to carry a restore out, once the candidate passed its checks. */
export interface PreparedRestore {
  /** The file restored from, as given (or the listed backup's path). */
  source: string;
  /** The running database as kept by `keepRunning`; undefined before it ran. */
  readonly beforeRestore: Backup | undefined;
  /** Why the dispatcher starts paused on the restored database. */
  pausedReason: string;
  /**
   * With writes refused and sending stopped (core-holder.ts), the running database
   * kept as a "before restore" backup: its last state, nothing acknowledged after it.
   */
  keepRunning(): Promise<void>;
  /** With the core closed: the checked copy in place of the database. */
  swapIn(): Swap;
  /** Drops the checked copy when the restore does not go ahead. */
  discard(): void;
}

export type RestoreInput = { id: string } | { path: string };

/**
 * "Before restore" copies are kept apart from `keep` (which bounds the manual and
 * daily ones): the newest 3, so restoring again and again never removes the owner's backups.
 */
export const BEFORE_RESTORE_KEPT = 3;

/** The 422 for a candidate that failed its checks (also the command line's, over a damaged database). */
export function restoreRefusal(source: string, inspection: Exclude<Inspection, { ok: true }>): AppError {
  const nothing = 'nothing was restored';
  switch (inspection.problem) {
    case 'not-database':
      return new AppError('validation_failed', `${source} is not a dVersum database: ${nothing}`);
    case 'damaged':
      return new AppError('validation_failed', `${source} is damaged (${inspection.detail}): ${nothing}`);
    case 'foreign': {
      const { kind, object } = inspection.difference;
      const what =
        kind === 'extra'
          ? `has ${object}, which this version of dVersum does not make`
          : kind === 'missing'
            ? `lacks ${object}, which this version of dVersum needs`
            : `has ${object} unlike the one this version of dVersum makes`;
      return new AppError(
        'validation_failed',
        `${source} ${what}: ${nothing}. Restore a backup dVersum made (Settings > General > Backups lists them).`,
      );
    }
    case 'newer': {
      const n = inspection.unknown;
      return new AppError(
        'validation_failed',
        `${source} was written by a newer version of dVersum ` +
          `(${n} migration${n === 1 ? '' : 's'} this version does not know): ${nothing}. Update dVersum first.`,
      );
    }
  }
}

export class BackupsService {
  private running: Promise<unknown> = Promise.resolve();
  /** A plan is out (its checked copy beside the database): a second restore would overwrite it. */
  private restoring = false;

  constructor(private readonly deps: BackupsDeps) {}

  /** The folder in use: the setting, or `backups/` beside the database. */
  folder(): string {
    return resolveFolder(this.deps.settings.get().backups.folder, this.deps.files.file);
  }

  /** The folder, ready to write: the default one is made (private) when missing; a chosen one must exist. */
  private writableFolder(): string {
    const folder = this.folder();
    if (this.deps.settings.get().backups.folder === '') mkdirSync(folder, { recursive: true, mode: 0o700 });
    checkFolder(folder);
    return folder;
  }

  /** Refuses a folder that is missing or cannot be written, naming it (settings.update asks too). */
  checkFolder(folder: string): void {
    checkFolder(folder);
  }

  /** At start: removes what an interrupted backup or restore left (leftovers.ts); the line to say, if any. */
  removeLeftovers(): string | undefined {
    let folder: string | undefined;
    try {
      folder = this.folder();
    } catch {
      folder = undefined; // a database in memory without a chosen folder
    }
    const removed = removeLeftovers(folder, this.deps.files.file);
    return removed.length > 0 ? describeLeftovers(removed) : undefined;
  }

  list(): { folder: string; items: Backup[] } {
    const folder = this.folder();
    return { folder, items: listBackups(folder) };
  }

  /** The newest backup of `kind`, for the daily schedule. */
  newest(kind: BackupKind): Backup | undefined {
    return listBackups(this.folder()).find((item) => item.kind === kind);
  }

  /** An online backup now, checked, then the oldest of its kind beyond their bound removed. One at a time. */
  create(kind: BackupKind = 'manual'): Promise<Backup> {
    return this.serially(async () => {
      const folder = this.writableFolder();
      const name = backupFileName(folder, this.deps.clock.now(), kind);
      const path = join(folder, name);
      await this.deps.files.backup(path);
      this.prune(folder, kind === 'before restore', [path]);
      return describe(path);
    });
  }

  /**
   * Checks the file (a copy beside the database, read-only: see backup-file.ts); nothing
   * changes when it throws. The "before restore" copy is the plan's `keepRunning`, taken
   * once writes stopped.
   */
  prepareRestore(input: RestoreInput): Promise<PreparedRestore> {
    return this.serially(async () => {
      const dbFile = this.deps.files.file;
      if (!dbFile) throw new AppError('conflict', 'A database in memory cannot be replaced by a backup');
      if (this.restoring) {
        throw new AppError(
          'conflict',
          'A restore is already under way: wait for it to finish, then try again',
        );
      }
      const source = 'id' in input ? this.listed(input.id) : input.path;
      if (!existsSync(source) || !statSync(source).isFile()) {
        throw new AppError('validation_failed', `${source} does not exist: nothing was restored`);
      }
      const staged = `${dbFile}.restoring`;
      this.deps.files.remove(staged);
      copyPrivateFile(source, staged);
      try {
        const inspection = this.deps.files.inspect(staged);
        if (!inspection.ok) throw restoreRefusal(source, inspection);
        this.writableFolder();
      } catch (err) {
        this.deps.files.remove(staged);
        throw err;
      }
      let beforeRestore: Backup | undefined;
      this.restoring = true;
      return {
        source,
        get beforeRestore() {
          return beforeRestore;
        },
        pausedReason: pausedReason(source),
        keepRunning: () =>
          this.serially(async () => {
            const folder = this.writableFolder();
            const path = join(folder, backupFileName(folder, this.deps.clock.now(), 'before restore'));
            await this.deps.files.backup(path);
            this.prune(folder, true, [path, source]);
            beforeRestore = describe(path);
          }),
        swapIn: () => this.deps.files.swapIn(staged),
        discard: () => {
          this.restoring = false;
          this.deps.files.remove(staged);
        },
      };
    });
  }

  private listed(id: string): string {
    const folder = this.folder();
    const path = join(folder, id);
    if (!parseBackupName(id) || !existsSync(path)) throw notFound(`backup in ${folder}`, id);
    return path;
  }

  /** The oldest beyond their bound removed: "before restore" copies, or the manual and daily ones (`keep`). */
  private prune(folder: string, beforeRestore: boolean, spare: readonly string[]): void {
    const bound = beforeRestore ? BEFORE_RESTORE_KEPT : this.deps.settings.get().backups.keep;
    const ofKind = listBackups(folder).filter((item) => (item.kind === 'before restore') === beforeRestore);
    for (const old of ofKind.slice(bound)) {
      if (!spare.includes(old.path)) this.deps.files.remove(old.path);
    }
  }

  private serially<T>(run: () => Promise<T>): Promise<T> {
    const next = this.running.then(run, run);
    this.running = next.catch(() => undefined);
    return next;
  }
}

function describe(path: string): Backup {
  const name = basename(path);
  const parsed = parseBackupName(name)!;
  return { id: name, kind: parsed.kind, createdAt: toIso(parsed.createdAt), size: statSync(path).size, path };
}

export function pausedReason(source: string): string {
  const name = basename(source);
  const parsed = parseBackupName(name);
  const taken = parsed ? ` (taken ${toIso(parsed.createdAt)})` : '';
  return (
    `Paused after restoring a backup: ${name}${taken}. ` +
    'Deliveries that were pending in it are held until you resume sending.'
  );
}
