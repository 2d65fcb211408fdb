/**
 * The WAL checkpoint thread in the esbuild bundle `npm run serve` runs
 * (scripts/build-headless.mjs): its source is found there too. Seen from outside:
 * after a write, the running server's WAL file is emptied once it is idle (only
 * the thread does that; SQLite's own checkpoint never truncates), and SIGTERM
 * leaves no WAL and every task saved.
 */
import Database from 'better-sqlite3';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useHeadlessBundle } from '../support/headless-bundle.js';

const bundle = useHeadlessBundle();

const walBytes = (file: string) => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

describe('the headless bundle', () => {
  it('checkpoints on its own thread: the WAL is emptied while idle, and gone after SIGTERM with every task kept', async () => {
    const { child, url, dataDir } = await bundle.start('dversum-wal-');
    const file = join(dataDir, 'dversum.db');
    const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${url}/admin/rpc/tasks.create`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Task ${i}` }),
      });
      expect(res.status).toBe(200);
    }
    // Written, then idle for a second: the thread's TRUNCATE empties the file.
    await expect.poll(() => walBytes(file), { timeout: 15_000 }).toBe(0);

    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    expect(existsSync(`${file}-wal`)).toBe(false);
    const db = new Database(file, { readonly: true });
    expect((db.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n).toBe(20);
    db.close();
  }, 90_000);
});
