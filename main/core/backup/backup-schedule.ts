/**
 * The daily backup at `backups.dailyAt` (local time), and the catch-up: at
 * start, and on every look (each minute; timers stop while a laptop sleeps,
 * so nothing is counted on them), a planned time that passed without a daily
 * backup gets one now. Planned times before the schedule first ran (kept in
 * `backups.scheduleSince`) do not count: a new install is not behind.
 */
import type { Backup } from '../../../contract/index.js';
import type { Clock } from '../clock.js';
import type { Startable } from '../context.js';
import type { SettingsStore } from '../settings/settings-store.js';
import type { BackupsService } from './backups-service.js';
import { lastPlannedAt } from './daily-time.js';

export const SCHEDULE_SINCE_KEY = 'backups.scheduleSince';
export const BACKUP_CHECK_INTERVAL_MS = 60_000;

export interface BackupScheduleDeps {
  backups: Pick<BackupsService, 'create' | 'newest'>;
  clock: Clock;
  settings: Pick<SettingsStore, 'get' | 'readJson' | 'writeJson'>;
  /** Where a failed daily backup is said, once per distinct message; it is tried again at the next look. */
  onError?: (error: unknown) => void;
}

export class BackupSchedule implements Startable {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<Backup | undefined> | undefined;
  private running = false;
  private lastError: string | undefined;

  constructor(private readonly deps: BackupScheduleDeps) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.deps.settings.readJson<number>(SCHEDULE_SINCE_KEY) === undefined) {
      try {
        this.deps.settings.writeJson(SCHEDULE_SINCE_KEY, this.deps.clock.now());
      } catch (error) {
        // A full disk must not stop the start: `isDue` reads "since" as now until it is written.
        this.report(error);
      }
    }
    void this.runDue();
    this.timer = setInterval(() => void this.runDue(), BACKUP_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  /** Waits for a backup under way: the database closes after. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.current;
  }

  /** Whether a planned time has passed since the last daily backup (or since the schedule began). */
  isDue(): boolean {
    const now = this.deps.clock.now();
    const planned = lastPlannedAt(now, this.deps.settings.get().backups.dailyAt);
    const since = this.deps.settings.readJson<number>(SCHEDULE_SINCE_KEY) ?? now;
    const newest = this.deps.backups.newest('daily');
    // A file name keeps whole seconds: a backup made at the planned second counts for it.
    const last = newest ? Date.parse(newest.createdAt) : -Infinity;
    return planned > since && planned > last + 999;
  }

  /** The daily backup when one is due; resolves to it, or undefined (not due, or failed). */
  runDue(): Promise<Backup | undefined> {
    if (this.current) return this.current;
    const run = (async () => {
      try {
        if (!this.isDue()) return undefined;
        const made = await this.deps.backups.create('daily');
        this.lastError = undefined;
        return made;
      } catch (error) {
        this.report(error);
        return undefined;
      }
    })();
    this.current = run;
    void run.then(() => {
      if (this.current === run) this.current = undefined;
    });
    return run;
  }

  /** Says a failure once per distinct message; the next look tries again. */
  private report(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (message !== this.lastError) (this.deps.onError ?? defaultOnError)(error);
    this.lastError = message;
  }
}

const defaultOnError = (error: unknown): void =>
  console.error(
    `dVersum: the daily backup failed: ${error instanceof Error ? error.message : String(error)}`,
  );
