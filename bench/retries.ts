/**
 * 100,000 pending retries: one timer serves them all (no more timers than
 * with a single pending retry), resident memory stays under 200 MB, and each
 * is sent within 1 s of its time. The retries are spread over 25 minutes from
 * a few seconds after the start, and the first 15 s are watched (about a
 * thousand fall due), with a loopback receiver noting each arrival.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from './lib/child.js';
import { startReceiver, type Receiver } from './lib/receiver.js';
import { goal, type Section } from './lib/report.js';
import { mib, percentile } from './lib/stats.js';

const COUNT = 100_000;
const SPREAD_S = 1500;
const WINDOW_S = 15;

interface Watched {
  rssBefore: number;
  peakRss: number;
  /** Timers while retries wait and nothing is in flight. */
  timersWaiting: number;
  /** The most timers at any moment (each request in flight has its timeout). */
  maxTimers: number;
  /** How far the app's clock ran behind the real one. */
  shift: number;
  startedAt: number;
  watchedUntil: number;
}

async function seedAndWatch(
  count: number,
  receiver: Receiver,
): Promise<Watched & { due: Record<string, number> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dversum-bench-retries-'));
  try {
    const seeding = await startChild(
      'children/retries-run.ts',
      ['seed', dataDir, String(count), String(SPREAD_S), receiver.url],
      {},
      180_000,
    );
    await seeding.stop();
    return await watch(dataDir, receiver);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function watch(
  dataDir: string,
  receiver: Receiver,
): Promise<Watched & { due: Record<string, number> }> {
  const seeded = JSON.parse(readFileSync(join(dataDir, 'due.json'), 'utf8')) as Record<string, number>;
  const firstDue = Math.min(...Object.values(seeded));
  await receiver.reset();
  const child = await startChild<Watched>(
    'children/retries-run.ts',
    ['run', dataDir, String(WINDOW_S), String(firstDue)],
    {},
    120_000,
  );
  await child.stop();
  // In real time, each retry falls due `shift` after its seeded time.
  const due = Object.fromEntries(Object.entries(seeded).map(([id, at]) => [id, at + child.info.shift]));
  return { ...child.info, due };
}

export async function benchRetries(): Promise<Section> {
  const receiver = await startReceiver();
  try {
    const one = await seedAndWatch(1, receiver);
    const full = await seedAndWatch(COUNT, receiver);
    const { times = {} } = await receiver.stats(true);
    // Judged: what fell due while watched, leaving the last second (possibly still in flight).
    const judged = Object.entries(full.due).filter(([, at]) => at <= full.watchedUntil - 1000);
    const lateness = judged.map(([id, at]) => (times[id] === undefined ? Infinity : times[id] - at));
    const missing = lateness.filter((l) => l === Infinity).length;
    const early = Object.entries(times).filter(
      ([id, t]) => full.due[id] !== undefined && t < full.due[id] - 20,
    ).length;
    const worst = lateness.length > 0 ? Math.max(...lateness) : NaN;
    const p50 = percentile(lateness, 50);
    const p99 = percentile(lateness, 99);
    return {
      title: `${COUNT.toLocaleString('en-US')} pending retries over ${SPREAD_S / 60} min; ${WINDOW_S} s watched, ${judged.length} fell due`,
      figures: [
        {
          name: 'timers while retries wait',
          value: full.timersWaiting,
          unit: '',
          baseline: one.timersWaiting,
          baselineName: '1 pending retry',
        },
        {
          name: 'timers at most (with requests in flight)',
          value: full.maxTimers,
          unit: '',
          baseline: one.maxTimers,
          baselineName: '1 pending retry',
        },
        {
          name: 'resident memory, peak',
          value: mib(full.peakRss),
          unit: 'MiB',
          baseline: mib(one.peakRss),
          baselineName: '1 pending retry',
        },
        { name: 'sent after its time, p50', value: p50, unit: 'ms' },
        { name: 'sent after its time, p99', value: p99, unit: 'ms' },
        { name: 'sent after its time, worst', value: worst, unit: 'ms' },
      ],
      goals: [
        goal(
          'one timer for all retries',
          full.timersWaiting <= one.timersWaiting,
          `${full.timersWaiting} timer(s) while ${COUNT.toLocaleString('en-US')} wait, ${one.timersWaiting} while one waits; ` +
            `at most ${full.maxTimers} with requests in flight (one timeout each)`,
        ),
        goal(
          'resident memory < 200 MB',
          full.peakRss < 200e6,
          `${(full.peakRss / 1e6).toFixed(0)} MB peak (${(full.rssBefore / 1e6).toFixed(0)} MB before the core opened)`,
        ),
        goal(
          'each retry sent within 1 s of its time',
          judged.length > 0 && missing === 0 && early === 0 && worst <= 1000,
          `worst ${worst.toFixed(0)} ms late over ${judged.length} due; ${missing} not sent, ${early} sent early`,
        ),
      ],
    };
  } finally {
    await receiver.stop();
  }
}
