/**
 * `npm run restore -- <file>` over a database that does not open (damaged, or
 * no database: store/database.ts refuses it at start), with no core to ask:
 * the data folder's lock is taken, the candidate is copied and checked as any
 * restore's (backup-file.ts), the damaged file and its -wal/-shm are kept
 * beside it as `<db>.damaged-<time>` (never deleted), and the copy put in its
 * place. The caller then opens the core on it and pauses sending.
 */
import { copyFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import { inspectDatabaseFile, removeWithSideFiles, swapDatabaseFile } from '../store/backup-file.js';
import { acquireInstanceLock } from '../store/instance-lock.js';
import { restoreRefusal } from './backups-service.js';

export function restoreOverDamaged(dataDir: string, source: string, at: number): { keptAs: string } {
  const dbFile = join(dataDir, 'dversum.db');
  const lock = acquireInstanceLock(dataDir);
  try {
    if (!existsSync(source) || !statSync(source).isFile()) {
      throw new AppError('validation_failed', `${source} does not exist: nothing was restored`);
    }
    const staged = `${dbFile}.restoring`;
    removeWithSideFiles(staged);
    copyFileSync(source, staged);
    try {
      const inspection = inspectDatabaseFile(staged, {});
      if (!inspection.ok) throw restoreRefusal(source, inspection);
      const keptAs = `${dbFile}.damaged-${at}`;
      swapDatabaseFile(dbFile, staged, keptAs);
      return { keptAs };
    } catch (err) {
      removeWithSideFiles(staged);
      throw err;
    }
  } finally {
    lock.release();
  }
}
