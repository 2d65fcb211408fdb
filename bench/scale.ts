/**
 * The log's cost as it grows: at 100,000, 1,000,000 and 10,000,000 deliveries
 * (`npm run bench -- scale`; `DVERSUM_SCALE=100000,1000000` for fewer), the
 * first page, a page filtered as the window's filters send it (by webhook, by
 * status, by event type, and all three with a week), the export's rate over its
 * first rows, and retention deleting a day's rows while creates keep arriving
 * through the incoming API: how fast it deletes and the longest a create waits.
 * Each size works on its own copy of a kept seed (`lib/log-database.ts`), the
 * core on a clock set from the seed's dates, so a seed of any age measures the same.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManualClock } from '../main/core/clock.js';
import { createCore, type Core } from '../main/core/core.js';
import { exportLog, type ExportFormat, type ExportStream } from '../main/core/dispatcher/log-export.js';
import { LogRetention } from '../main/core/dispatcher/retention.js';
import { buildServer } from '../main/core/server/app.js';
import { storeOf, type Sqlite } from '../main/core/store/database.js';
import { createOutgoingStore } from '../main/core/store/outgoing-store.js';
import type { UnitOfWork } from '../main/core/store/unit-of-work.js';
import { discardCopy, prepareScaleDatabase, type LogDatabase } from './lib/log-database.js';
import { measureBareExport } from './log.js';
import { goal, type Figure, type Goal, type Section } from './lib/report.js';
import { medianMs, percentile } from './lib/stats.js';

const DAY_MS = 24 * 3600_000;
const RUNS = 15;
const PAGE = 50;
/** The export's rate is read over its first rows: the whole of 10 million would take minutes and say no more. */
const EXPORT_ROWS = 100_000;
/** A create every few ms through the incoming API while retention runs. */
const CREATE_EVERY_MS = 2;
const BASELINE_CREATES_MS = 2_000;
const CREATE_WAIT_GOAL_MS = 50;
const PATH = '/api/v1/webhooks/incoming/tasks';
const RETENTION_MAX_S = Number(process.env.DVERSUM_SCALE_RETENTION_S ?? 120);

export const SCALE_SIZES = (process.env.DVERSUM_SCALE ?? '100000,1000000,10000000')
  .split(',')
  .map((n) => Number(n.replace(/_/g, '')))
  .filter((n) => Number.isInteger(n) && n > 0);

interface SizeResult {
  rows: number;
  figures: Map<string, { value: number; unit: string; baseline?: number; baselineName?: string }>;
  longestWait: number;
  goals: Goal[];
}

export async function benchScale(sizes = SCALE_SIZES): Promise<Section[]> {
  const results: SizeResult[] = [];
  for (const rows of sizes) {
    const log = await prepareScaleDatabase(rows);
    try {
      results.push(await measureSize(log));
    } finally {
      discardCopy(log);
    }
  }
  const sections: Section[] = results.map((result) => ({
    title: `The log at ${result.rows.toLocaleString('en-US')} deliveries`,
    figures: [...result.figures].map(([name, f]) => ({ name, ...f }) satisfies Figure),
    goals: result.goals,
  }));
  sections.push(growth(results));
  return sections;
}

/** Each figure across the sizes, and how much it grows per 10× rows (geometric mean of the steps). */
function growth(results: SizeResult[]): Section {
  const names = results[0] ? [...results[0].figures.keys()] : [];
  const notes = names.map((name) => {
    const values = results.map((r) => r.figures.get(name) ?? { value: NaN, unit: '' });
    const steps: number[] = [];
    for (let i = 1; i < results.length; i++) {
      const tens = Math.log10(results[i].rows / results[i - 1].rows);
      steps.push((values[i].value / values[i - 1].value) ** (1 / tens));
    }
    const sizes = results.map((r, i) => `${short(r.rows)} ${fmt(values[i].value)}`).join(', ');
    return `${name} (${values[0].unit}): ${sizes}; per 10×: ${steps.map((s) => `× ${s.toFixed(2)}`).join(', ') || 'one size only'}`;
  });
  return { title: 'How the log’s cost grows (per 10× deliveries)', figures: [], goals: [], notes };
}

const short = (n: number): string => (n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n));
const fmt = (n: number): string => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));

async function measureSize(log: LogDatabase): Promise<SizeResult> {
  const clock = new ManualClock(log.to + 60_000);
  const core = createCore({ dataDir: log.dataDir, clock, log: () => {} });
  const figures: SizeResult['figures'] = new Map();
  const label = log.deliveries.toLocaleString('en-US');
  try {
    // Held, not sent: the creates' deliveries wait in their rows (the seeded receiver is no one).
    core.dispatcher.setPaused(true);
    core.settings.update({ rateLimits: { incomingPerMinute: 0, apiCallsPerDay: 0 } });
    await core.start();
    const raw = storeOf(core.store).sqlite;

    const firstCall = performance.now();
    core.deliveryLog.list({ limit: PAGE });
    figures.set('first page, the first call (cold)', { value: performance.now() - firstCall, unit: 'ms' });
    figures.set('first page (50 rows)', {
      value: await medianMs(RUNS, () => core.deliveryLog.list({ limit: PAGE })),
      unit: 'ms',
    });
    const webhookId = log.webhookIds[1];
    const weekFrom = new Date(log.from + (log.to - log.from) * 0.4).toISOString();
    const weekTo = new Date(Date.parse(weekFrom) + 7 * DAY_MS).toISOString();
    const filters: [string, Parameters<Core['deliveryLog']['list']>[0]][] = [
      ['filtered page: one webhook', { webhookId }],
      ['filtered page: status failed', { status: 'failed' }],
      ['filtered page: status pending (1 %)', { status: 'pending' }],
      ['filtered page: event type invoice.paid', { eventType: 'invoice.paid' }],
      [
        'filtered page: webhook, status, type, a week',
        { webhookId, status: 'failed', eventType: 'task.created', from: weekFrom, to: weekTo },
      ],
    ];
    for (const [name, filter] of filters) {
      const first = core.deliveryLog.list({ ...filter, limit: PAGE });
      if (first.items.length === 0) throw new Error(`${name}: no rows at ${label}`);
      figures.set(name, {
        value: await medianMs(RUNS, () => core.deliveryLog.list({ ...filter, limit: PAGE })),
        unit: 'ms',
      });
      if (first.nextCursor) {
        const cursor = first.nextCursor;
        figures.set(`${name}, next page`, {
          value: await medianMs(RUNS, () => core.deliveryLog.list({ ...filter, cursor, limit: PAGE })),
          unit: 'ms',
        });
      }
    }

    const bare = measureBareExport(raw, EXPORT_ROWS).rate;
    for (const [format, filter, name] of [
      ['ndjson', {}, 'export NDJSON, the whole log'],
      ['csv', { webhookId }, 'export CSV, one webhook'],
    ] as const) {
      const rate = await exportRate(() => exportLog(core.deliveryLog, format as ExportFormat, filter));
      figures.set(`${name} (first ${short(EXPORT_ROWS)} rows)`, {
        value: rate,
        unit: 'rows/s',
        baseline: bare,
        baselineName: 'bare statement + JSON',
      });
    }

    const retention = await retentionUnderCreates(core, raw, log);
    figures.set('retention: deliveries deleted per second', { value: retention.rate, unit: '/s' });
    figures.set('retention: deliveries deleted (a day’s, or what the time limit allowed)', {
      value: retention.deliveries,
      unit: 'rows',
    });
    figures.set('retention: events deleted', { value: retention.events, unit: 'rows' });
    figures.set('retention: the whole run', { value: retention.seconds, unit: 's' });
    figures.set('a create while retention runs, longest wait', {
      value: retention.longest,
      unit: 'ms',
      baseline: retention.baselineLongest,
      baselineName: 'the same creates, no retention',
    });
    figures.set('a create while retention runs, p99 wait', {
      value: retention.p99,
      unit: 'ms',
      baseline: retention.baselineP99,
      baselineName: 'the same creates, no retention',
    });
    figures.set('creates made while retention ran', { value: retention.creates, unit: '' });
    figures.set('retention: batches (transactions)', { value: retention.batches, unit: '' });
    figures.set('retention: longest batch, begin to commit', { value: retention.longestBatch, unit: 'ms' });
    figures.set('retention: p99 batch, begin to commit', { value: retention.p99Batch, unit: 'ms' });
    figures.set('retention: longest batch, CPU time', { value: retention.longestCpu, unit: 'ms' });
    figures.set('retention: p99 batch, CPU time', { value: retention.p99Cpu, unit: 'ms' });
    figures.set('retention: median batch, begin to commit', { value: retention.medianBatch, unit: 'ms' });
    figures.set('retention: longest batch, its work without the commit', {
      value: retention.longestWork,
      unit: 'ms',
    });
    figures.set('retention: median batch, its work without the commit', {
      value: retention.medianWork,
      unit: 'ms',
    });

    const pages = [...figures].filter(
      ([name]) => name.startsWith('first page (') || name.startsWith('filtered'),
    );
    const slowest = pages.reduce((a, b) => (b[1].value > a[1].value ? b : a));
    return {
      rows: log.deliveries,
      figures,
      longestWait: retention.longest,
      goals: [
        goal(
          `pages < 50 ms at ${label}`,
          slowest[1].value < 50,
          `slowest: ${slowest[0]} ${slowest[1].value.toFixed(1)} ms (median of ${RUNS})`,
        ),
        goal(
          `retention at ${label} keeps each create waiting < ${CREATE_WAIT_GOAL_MS} ms`,
          retention.longest < CREATE_WAIT_GOAL_MS && retention.longestBatch < CREATE_WAIT_GOAL_MS,
          `longest batch ${retention.longestBatch.toFixed(1)} ms (p99 ${retention.p99Batch.toFixed(1)} ms, ${retention.batches} batches); a create's longest wait ${retention.longest.toFixed(1)} ms, p99 ${retention.p99.toFixed(1)} ms over ${retention.creates} creates while ${retention.deliveries.toLocaleString('en-US')} deliveries went${retention.stoppedEarly ? ` (stopped at the ${RETENTION_MAX_S} s limit, before the day's end)` : ''} in ${retention.seconds.toFixed(1)} s (without retention: longest ${retention.baselineLongest.toFixed(1)} ms)`,
        ),
      ],
    };
  } finally {
    await core.close();
  }
}

async function exportRate(open: () => ExportStream): Promise<number> {
  const stream = open();
  const started = performance.now();
  let rows = 0;
  const sink = new Writable({
    write(_chunk: Buffer, _encoding, done) {
      if (stream.rows >= EXPORT_ROWS) {
        rows = stream.rows;
        stream.destroy();
      }
      done();
    },
  });
  await pipeline(stream, sink).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
  });
  rows ||= stream.rows;
  return rows / ((performance.now() - started) / 1000);
}

interface RetentionRun {
  stoppedEarly: boolean;
  deliveries: number;
  events: number;
  seconds: number;
  rate: number;
  creates: number;
  longest: number;
  p99: number;
  baselineLongest: number;
  baselineP99: number;
  batches: number;
  longestBatch: number;
  p99Batch: number;
  longestWork: number;
  medianWork: number;
  medianBatch: number;
  longestCpu: number;
  p99Cpu: number;
}

/**
 * Retention set one day shorter than the seed's span, so the oldest day's rows
 * fall past it; a create through the incoming API every few ms meanwhile, each
 * timed from when it was due to its 201 (an event loop held by a batch shows as
 * a late timer). The same creates without retention first, as the baseline.
 */
async function retentionUnderCreates(core: Core, raw: Sqlite, log: LogDatabase): Promise<RetentionRun> {
  const { key } = core.keys.create({ name: 'scale bench', permissions: ['tasks:write'] });
  const app = await buildServer(core, {});
  try {
    let n = 0;
    const createsUntil = async (stop: () => boolean): Promise<number[]> => {
      const waits: number[] = [];
      while (!stop()) {
        const due = performance.now() + CREATE_EVERY_MS;
        await sleep(CREATE_EVERY_MS);
        const res = await app.inject({
          method: 'POST',
          url: PATH,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
          payload: { title: `Created while retention runs ${++n}`, status: 'open' },
        });
        if (res.statusCode !== 201) throw new Error(`create answered ${res.statusCode}: ${res.body}`);
        waits.push(performance.now() - due);
      }
      return waits;
    };
    const baselineEnd = performance.now() + BASELINE_CREATES_MS;
    const baseline = await createsUntil(() => performance.now() >= baselineEnd);

    const spanDays = Math.round((log.to - log.from) / DAY_MS);
    core.settings.update({ logRetentionDays: spanDays - 1 });
    const before = raw.prepare('SELECT count(*) FROM deliveries').pluck().get() as number;
    let done = false;
    const started = performance.now();
    // The core's retention as it is built, its batches (each one transaction) timed from begin to commit.
    const batches: number[] = [];
    /** Each batch's own work (reads and deletes), without its commit. */
    const works: number[] = [];
    /** Each batch's CPU time: what it would hold an idle core for, whatever the machine's load. */
    const cpus: number[] = [];
    const work: UnitOfWork = Object.create(core.work) as UnitOfWork;
    work.transaction = <T>(change: () => T): T => {
      const began = performance.now();
      const cpu = process.cpuUsage();
      try {
        return core.work.transaction(() => {
          try {
            return change();
          } finally {
            works.push(performance.now() - began);
          }
        });
      } finally {
        batches.push(performance.now() - began);
        const used = process.cpuUsage(cpu);
        cpus.push((used.user + used.system) / 1000);
      }
    };
    // Bounded in time: at 10 million rows a day's deletions take minutes on a loaded machine; the rate and the
    // batches are the same after the first minutes as over the whole day.
    let timeUp = false;
    const timeLimit = setTimeout(() => (timeUp = true), RETENTION_MAX_S * 1000);
    const store = createOutgoingStore(storeOf(core.store));
    const retention = new LogRetention({
      ...core,
      work,
      store: { retention: store.retention, isOpen: () => store.isOpen() && !timeUp },
    });
    const pruning = retention.prune().finally(() => {
      done = true;
    });
    const waits = await createsUntil(() => done);
    const pruned = await pruning;
    clearTimeout(timeLimit);
    const seconds = (performance.now() - started) / 1000;
    const after = raw.prepare('SELECT count(*) FROM deliveries').pluck().get() as number;
    // The creates' own deliveries (4 webhooks each) are new rows; what went is the seed's.
    if (before + waits.length * log.webhookIds.length - after !== pruned.deliveries) {
      throw new Error(
        `retention said ${pruned.deliveries} deliveries went; the table says otherwise (${before} → ${after})`,
      );
    }
    return {
      deliveries: pruned.deliveries,
      events: pruned.events,
      stoppedEarly: timeUp,
      seconds,
      rate: pruned.deliveries / seconds,
      creates: waits.length,
      longest: Math.max(...waits),
      p99: percentile(waits, 99),
      baselineLongest: Math.max(...baseline),
      baselineP99: percentile(baseline, 99),
      batches: batches.length,
      longestBatch: Math.max(...batches),
      p99Batch: percentile(batches, 99),
      longestWork: Math.max(...works),
      medianWork: percentile(works, 50),
      medianBatch: percentile(batches, 50),
      longestCpu: Math.max(...cpus),
      p99Cpu: percentile(cpus, 99),
    };
  } finally {
    await app.close();
  }
}
