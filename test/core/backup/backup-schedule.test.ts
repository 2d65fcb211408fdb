/**
 * The daily backup at `backups.dailyAt` (local time) on the injected clock:
 * made once per planned time, caught up at start when the app was closed at
 * that time (once, however many days were missed), never for times before the
 * schedule began, and the oldest beyond `keep` removed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BackupSchedule, SCHEDULE_SINCE_KEY } from '../../../main/core/backup/backup-schedule.js';
import { lastPlannedAt } from '../../../main/core/backup/daily-time.js';
import { ManualClock } from '../../../main/core/clock.js';
import type { Core } from '../../../main/core/core.js';
import { openCore, tempDir, type TestCore } from '../../support/core.js';

const opened: TestCore[] = [];
const folders: { remove(): void }[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.close();
  for (const f of folders.splice(0)) f.remove();
});

/** A local time on 2026-01-15 (+ `days`). */
const local = (hours: number, minutes = 0, days = 0) =>
  new Date(2026, 0, 15 + days, hours, minutes).getTime();

function scheduleOn(core: Core, clock: ManualClock): BackupSchedule {
  return new BackupSchedule({
    backups: core.backups,
    clock,
    settings: core.settings,
    onError: (e) => {
      throw e;
    },
  });
}

const kinds = (core: Core) => core.backups.list().items.map((b) => [b.kind, b.createdAt]);

describe('lastPlannedAt', () => {
  it('is today at the time once it has passed, else yesterday', () => {
    expect(lastPlannedAt(local(9), '03:00')).toBe(local(3));
    expect(lastPlannedAt(local(3), '03:00')).toBe(local(3));
    expect(lastPlannedAt(local(2, 59), '03:00')).toBe(local(3, 0, -1));
    expect(lastPlannedAt(local(23, 59), '23:59')).toBe(local(23, 59));
  });
});

describe('the daily backup', () => {
  it('runs once at the planned time while the app runs, and again the next day', async () => {
    const dir = tempDir();
    folders.push(dir);
    const t = openCore({ dataDir: dir.dir, now: local(1) });
    opened.push(t);
    const schedule = scheduleOn(t.core, t.clock);
    schedule.start();
    await schedule.runDue();
    expect(kinds(t.core)).toEqual([]); // a new install is not behind

    t.clock.set(local(2, 59));
    expect(await schedule.runDue()).toBeUndefined();
    t.clock.set(local(3));
    const first = await schedule.runDue();
    expect(first).toMatchObject({ kind: 'daily', createdAt: new Date(local(3)).toISOString() });
    t.clock.set(local(15));
    expect(await schedule.runDue()).toBeUndefined();

    t.clock.set(local(3, 0, 1));
    await schedule.runDue();
    expect(kinds(t.core).map(([kind]) => kind)).toEqual(['daily', 'daily']);
    await schedule.stop();
  });

  it('catches up at start when the app was closed at the planned time, once however long it was closed', async () => {
    const dir = tempDir();
    folders.push(dir);
    const clock = new ManualClock(local(1));
    let t = openCore({ dataDir: dir.dir, clock });
    let schedule = scheduleOn(t.core, clock);
    schedule.start();
    await schedule.stop();
    await t.close();

    clock.set(local(10, 0, 3)); // closed over three planned times
    t = openCore({ dataDir: dir.dir, clock });
    opened.push(t);
    schedule = scheduleOn(t.core, clock);
    expect(schedule.isDue()).toBe(true);
    await schedule.runDue();
    expect(kinds(t.core)).toEqual([['daily', new Date(local(10, 0, 3)).toISOString()]]);
    expect(schedule.isDue()).toBe(false);
  });

  it('the core itself catches up when it starts', async () => {
    const dir = tempDir();
    folders.push(dir);
    const clock = new ManualClock(local(12));
    const first = openCore({ dataDir: dir.dir, clock });
    await first.core.start(); // the schedule begins now
    await first.close();

    clock.set(local(12, 0, 1)); // the 03:00 of the next day passed while closed
    const t = openCore({ dataDir: dir.dir, clock });
    opened.push(t);
    await t.core.start();
    await expect.poll(() => kinds(t.core)).toEqual([['daily', new Date(local(12, 0, 1)).toISOString()]]);
  });

  it('follows a changed time, and keeps only the newest `keep`', async () => {
    const dir = tempDir();
    folders.push(dir);
    const t = openCore({ dataDir: dir.dir, now: local(0, 30) });
    opened.push(t);
    t.core.settings.update({ backups: { dailyAt: '22:15', keep: 2 } });
    t.core.settings.writeJson(SCHEDULE_SINCE_KEY, local(0));
    const schedule = scheduleOn(t.core, t.clock);
    for (let day = 0; day < 4; day++) {
      t.clock.set(local(22, 14, day));
      expect(await schedule.runDue()).toBeUndefined();
      t.clock.set(local(22, 15, day));
      expect(await schedule.runDue()).toMatchObject({ kind: 'daily' });
    }
    expect(kinds(t.core)).toEqual([
      ['daily', new Date(local(22, 15, 3)).toISOString()],
      ['daily', new Date(local(22, 15, 2)).toISOString()],
    ]);
  });

  it('a manual backup does not count as the daily one', async () => {
    const dir = tempDir();
    folders.push(dir);
    const t = openCore({ dataDir: dir.dir, now: local(2) });
    opened.push(t);
    const schedule = scheduleOn(t.core, t.clock);
    schedule.start();
    await schedule.runDue();
    t.clock.set(local(3, 30));
    await t.core.backups.create('manual');
    expect(schedule.isDue()).toBe(true);
    await schedule.stop();
  });
});
