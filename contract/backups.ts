/**
 * Backups of the database (main/core/backup/): the list, a new one, and a
 * restore from a listed backup (`{id}`, its file name) or any file (`{path}`).
 */
import { z } from 'zod';
import { isoDateTime } from './common.js';
import { reasonCode, reasonParams } from './reasons.js';

/**
 * A backup's file name is its id and its record: `dversum-<UTC yyyymmdd-hhmmss>[-n]-<kind>.db`.
 * The list is the folder itself, so it survives the restore of any older database.
 */
export const BACKUP_FILE_PATTERN =
  /^dversum-(\d{8})-(\d{6})(?:-(\d{1,3}))?-(manual|daily|before-restore)\.db$/;

export const backupKind = z.enum(['manual', 'daily', 'before restore']);
export type BackupKind = z.infer<typeof backupKind>;

export const backup = z.object({
  id: z.string(),
  kind: backupKind,
  createdAt: isoDateTime,
  /** Bytes. */
  size: z.number().int(),
  path: z.string(),
});
export type Backup = z.infer<typeof backup>;

export const backupList = z.object({
  /** The folder in use (the setting, or the default beside the database). */
  folder: z.string(),
  items: z.array(backup),
});

export const backupRestoreInput = z.union([
  z.strictObject({
    id: z
      .string()
      .regex(
        BACKUP_FILE_PATTERN,
        'must be the id of a listed backup, such as dversum-20261202-030000-daily.db',
      ),
  }),
  z.strictObject({ path: z.string().trim().min(1, 'is required').max(4096) }),
]);

export const backupRestoreResult = z.object({
  /** The file restored from. */
  restoredFrom: z.string(),
  /** The database as it was just before, kept as a backup. */
  beforeRestore: backup,
  /** Why sending is paused now. */
  pausedReason: z.string(),
  /** `pausedReason`'s code and params (contract/reasons.ts). */
  pausedReasonCode: reasonCode.nullable(),
  pausedReasonParams: reasonParams,
});
