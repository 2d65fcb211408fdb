/**
 * kill -9 in the middle of a burst of 5,000 events, with deliveries in flight,
 * then a restart on the same data folder that finishes the burst: every event
 * is delivered at least once, and the duplicates (sent, then killed before the
 * attempt was recorded) are counted and reported.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Receiver } from '../support/receiver.js';
import { runFixture, type Child } from './child-process.js';

const TOTAL = 5000;
const children: Child[] = [];
let receiver: Receiver | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  await receiver?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('kill -9 during a burst of 5,000 events', () => {
  it(
    'after the restart every event is delivered at least once; duplicates are reported',
    { timeout: 240_000 },
    async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'dversum-burst-'));
      receiver = await Receiver.start();

      const first = runFixture('burst-child.ts', [dataDir, receiver.url, String(TOTAL)]);
      children.push(first);
      // Killed mid-burst, with deliveries sent and others in flight: after 400 deliveries, or
      // once half the tasks exist, whichever comes first (how fast creates run against
      // deliveries depends on the machine; either way the kill lands while the burst goes on).
      await Promise.race([
        receiver.waitFor(400, 120_000),
        first.waitForLine(/^created (2[5-9]\d\d|[3-9]\d{3})$/, 120_000),
        first.exited.then(() => {
          throw new Error(`the app exited before the kill:\n${first.output()}`);
        }),
      ]);
      first.process.kill('SIGKILL');
      expect((await first.exited).signal).toBe('SIGKILL');
      const beforeKill = receiver.received.length;

      const restarted = runFixture('burst-child.ts', [dataDir, receiver.url, String(TOTAL)]);
      children.push(restarted);
      const resumed = Number((await restarted.waitForLine(/^resumed \d+$/, 60_000)).split(' ')[1]);
      expect(resumed).toBeGreaterThan(0);
      expect(resumed).toBeLessThan(TOTAL); // the kill did land mid-burst
      await restarted.waitForLine(/^drained$/, 200_000);
      expect((await restarted.exited).code).toBe(0);

      const db = new Database(join(dataDir, 'dversum.db'), { readonly: true });
      const events = (
        db.prepare("SELECT id FROM outbox WHERE type = 'task.created'").all() as { id: string }[]
      ).map((e) => e.id);
      const statuses = db.prepare('SELECT status, count(*) AS n FROM deliveries GROUP BY status').all();
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();

      expect(events).toHaveLength(TOTAL);
      const received = receiver.received.map((r) => String(r.headers['webhook-id']));
      const distinct = new Set(received);
      const missing = events.filter((id) => !distinct.has(id));
      expect(missing).toEqual([]);
      expect(distinct.size).toBe(TOTAL);
      expect(statuses).toEqual([{ status: 'success', n: TOTAL }]);
      const duplicates = received.length - distinct.size;
      console.info(
        `kill -9 mid-burst: ${TOTAL} events, killed after ${resumed} were created and ${beforeKill} delivered; ` +
          `${received.length} deliveries received, ${duplicates} duplicate(s) (in flight when killed, sent again after the restart)`,
      );
      // Only what was in flight at the kill can come twice: the dispatcher's bound per webhook.
      expect(duplicates).toBeLessThanOrEqual(4);
    },
  );
});
