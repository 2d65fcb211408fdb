/**
 * A backup holds the signing secrets: its `.partial` is the owner's alone from
 * the first byte SQLite writes to the last step, whatever the umask, and so is
 * the finished file. A `.partial` an interrupted backup left is not written into.
 */
import { chmodSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../../main/core/store/backup-file.js';
import { storeOf } from '../../../main/core/store/database.js';
import { openHarness, tempDir, type Harness } from '../../support/core.js';

let h: Harness | undefined;
const dirs: { remove(): void }[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs.splice(0)) d.remove();
});

const modeOf = (path: string) => `0${(statSync(path).mode & 0o777).toString(8)}`;

describe.skipIf(process.platform === 'win32')('backup files are private while written', () => {
  it('the .partial (and its journal) is 0600 at every step under umask 000, and so is the finished backup', async () => {
    h = openHarness({ temp: true });
    const notes = 'x'.repeat(2000);
    for (let n = 0; n < 200; n++) await h.call('clients.create', { name: `Client ${n}`, notes });
    const folder = tempDir();
    dirs.push(folder);
    const target = join(folder.dir, 'dversum-20260115-090000-manual.db');
    // What a kill -9 left: a readable .partial with old contents.
    writeFileSync(`${target}.partial`, 'stale secrets');
    chmodSync(`${target}.partial`, 0o644);

    const seen: { remaining: number; mode: string; journal: string | null }[] = [];
    const umask = process.umask(0o000);
    try {
      await backupDatabase(storeOf(h.core.store), target, (partial, remaining) => {
        const journal = `${partial}-journal`;
        seen.push({
          remaining,
          mode: modeOf(partial),
          journal: existsSync(journal) ? modeOf(journal) : null,
        });
      });
    } finally {
      process.umask(umask);
    }
    // Looked at many times while pages were still to copy.
    expect(seen.filter((step) => step.remaining > 0).length).toBeGreaterThan(10);
    expect(seen.map((step) => step.mode)).toEqual(seen.map(() => '0600'));
    expect(seen.filter((step) => step.journal !== null && step.journal !== '0600')).toEqual([]);
    expect(modeOf(target)).toBe('0600');
    expect(existsSync(`${target}.partial`)).toBe(false);
  });
});
