/**
 * The retries bench's two steps, each in a process of its own so that the
 * measured one's resident memory is the app's and not the seeding's.
 *
 * `seed <dir> <count> <spreadS> <receiverUrl>`: a data folder with
 * `count` deliveries waiting to be retried (status `retrying`, next attempts
 * spread evenly over `spreadS` seconds from now), straight into the
 * tables, one transaction per batch; the due times go to `<dir>/due.json`.
 *
 * `run <dir> <windowS> <firstDueAt>`: opens the core on it, starts it, watches for
 * `windowS` seconds, and prints timers and memory as one JSON line.
 */
import { createHook } from 'node:async_hooks';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCore } from '../../main/core/core.js';
import { newId } from '../../main/core/ids.js';
import { storeOf } from '../../main/core/store/database.js';

const [mode, dataDir] = process.argv.slice(2);

function seed(count: number, spreadS: number, receiverUrl: string, firstDue: number): void {
  const core = createCore({ dataDir });
  core.settings.update({ rateLimits: { outgoingPerHour: 0 } });
  const hook = core.webhooks.create({ name: 'retries', url: receiverUrl, events: ['*'] });
  const step = (spreadS * 1000) / count;
  const due: Record<string, number> = {};
  const now = Date.now();
  const insertEvent = storeOf(core.store).sqlite.prepare(
    'INSERT INTO outbox (id, type, payload, created_at, fanned_out_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertDelivery = storeOf(core.store).sqlite.prepare(
    `INSERT INTO deliveries (id, webhook_id, event_id, event_type, status, attempt, response_code, duration_ms,
       next_attempt_at, last_error, created_at, updated_at)
     VALUES (?, ?, ?, 'task.created', 'retrying', 1, 500, 12, ?, 'HTTP 500', ?, ?)`,
  );
  const batch = storeOf(core.store).sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const eventId = newId('event', now);
      const payload = JSON.stringify({
        id: eventId,
        type: 'task.created',
        timestamp: new Date(now).toISOString(),
        data: { id: `tsk_${i}`, title: `Retry ${i}` },
      });
      const at = Math.round(firstDue + i * step);
      insertEvent.run(eventId, 'task.created', payload, now, now);
      insertDelivery.run(newId('delivery', now), hook.id, eventId, at, now, now);
      due[eventId] = at;
    }
  });
  for (let i = 0; i < count; i += 10_000) batch(i, Math.min(count, i + 10_000));
  void core.close();
  writeFileSync(join(dataDir, 'due.json'), JSON.stringify(due));
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
}

/** Live timers, the unref'd ones included (process.getActiveResourcesInfo() leaves those out). */
const liveTimers = new Set<number>();
createHook({
  init(id, type) {
    if (type === 'Timeout') liveTimers.add(id);
  },
  destroy(id) {
    liveTimers.delete(id);
  },
}).enable();
const timeouts = () => liveTimers.size;

/** The first retry falls due this long after the core has opened, so its start-up is not counted as lateness. */
const FIRST_DUE_AFTER_MS = 2000;

async function run(windowS: number, seededFirstDue: number): Promise<void> {
  const rssBefore = process.memoryUsage.rss();
  const timersBefore = timeouts();
  // The seeded times stay as they are; the app's clock (injected, as everywhere) runs `shift` behind,
  // so the first retry falls due FIRST_DUE_AFTER_MS from now in real time.
  const shift = Date.now() + FIRST_DUE_AFTER_MS - seededFirstDue;
  const core = createCore({ dataDir, clock: { now: () => Date.now() - shift } });
  await core.start();
  const startedAt = Date.now();
  // Before the first retry falls due nothing is in flight: the timers here are the schedule's.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const timersWaiting = timeouts() - timersBefore;
  let peakRss = process.memoryUsage.rss();
  let maxTimers = timersWaiting;
  // The two samplers are timers themselves, and are not counted.
  const rssSampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const timerSampler = setInterval(
    () => (maxTimers = Math.max(maxTimers, timeouts() - timersBefore - 2)),
    100,
  );
  await new Promise((resolve) => setTimeout(resolve, windowS * 1000));
  clearInterval(rssSampler);
  clearInterval(timerSampler);
  const watchedUntil = Date.now();
  await core.close();
  process.stdout.write(
    `${JSON.stringify({ ready: true, rssBefore, peakRss, timersWaiting, maxTimers, shift, startedAt, watchedUntil })}\n`,
  );
}

if (mode === 'seed') seed(Number(process.argv[4]), Number(process.argv[5]), process.argv[6], Date.now());
else await run(Number(process.argv[4]), Number(process.argv[5]));
