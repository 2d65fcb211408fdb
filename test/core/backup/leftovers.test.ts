/**
 * What an interrupted backup or restore leaves (`.partial` backups in the backup
 * folder, the restore's `.restoring` copy beside the database) is removed at
 * start, saying so once; every other file stays.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/core.js';
import { ManualClock } from '../../../main/core/clock.js';
import { tempDir } from '../../support/core.js';

const dirs: { remove(): void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.remove();
});

describe('leftovers of an interrupted backup or restore', () => {
  it('are removed at start with one line; backups and other files stay; the next start says nothing', async () => {
    const data = tempDir();
    const chosen = tempDir();
    dirs.push(data, chosen);
    const clock = new ManualClock(Date.UTC(2026, 0, 15, 9));
    const first = createCore({ dataDir: data.dir, clock, log: () => undefined });
    const kept = await first.backups.create();
    first.settings.update({ backups: { folder: chosen.dir } });
    const keptChosen = await first.backups.create('daily');
    await first.close();

    // The default folder beside the database still exists from before the folder was changed: left alone.
    const defaultFolder = join(data.dir, 'backups');
    writeFileSync(join(chosen.dir, 'dversum-20260115-090000-2-manual.db.partial'), 'x'.repeat(2_000_000));
    writeFileSync(
      join(chosen.dir, 'dversum-20260115-090000-2-manual.db.partial-journal'),
      'x'.repeat(500_000),
    );
    writeFileSync(join(chosen.dir, '.dversum-write-check-4242'), '');
    writeFileSync(join(chosen.dir, 'notes.partial'), 'mine');
    writeFileSync(join(chosen.dir, 'holiday.db.partial'), 'mine');
    writeFileSync(join(data.dir, 'dversum.db.restoring'), 'y'.repeat(1_000_000));
    writeFileSync(join(data.dir, 'dversum.db.restoring-journal'), '');
    writeFileSync(join(data.dir, 'dversum.db.restoring.txt'), 'mine');
    mkdirSync(join(data.dir, 'dversum.db.restoring-wal'), { recursive: true });

    const lines: string[] = [];
    const second = createCore({ dataDir: data.dir, clock, log: (line) => lines.push(line) });
    expect(lines).toEqual([
      'dVersum removed 5 files (3.5 MB) left by an interrupted backup or restore: ' +
        [
          join(chosen.dir, '.dversum-write-check-4242'),
          join(chosen.dir, 'dversum-20260115-090000-2-manual.db.partial'),
          join(chosen.dir, 'dversum-20260115-090000-2-manual.db.partial-journal'),
          join(data.dir, 'dversum.db.restoring'),
          join(data.dir, 'dversum.db.restoring-journal'),
        ].join(', ') +
        '.',
    ]);
    expect(readdirSync(chosen.dir).sort()).toEqual([keptChosen.id, 'holiday.db.partial', 'notes.partial']);
    expect(readdirSync(defaultFolder)).toEqual([kept.id]);
    expect(
      readdirSync(data.dir)
        .filter((name) => name.includes('restoring'))
        .sort(),
    ).toEqual(['dversum.db.restoring-wal', 'dversum.db.restoring.txt']);
    await second.close();

    const third = createCore({ dataDir: data.dir, clock, log: (line) => lines.push(line) });
    await third.close();
    expect(lines).toHaveLength(1);
  });
});
