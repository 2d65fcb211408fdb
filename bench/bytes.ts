/**
 * Bytes per delivery, measured with SQLite's `dbstat` over `deliveries`, `delivery_attempts`,
 * `outbox` and their indexes (issue 22: at most half of what they were):
 * - the log bench's 1,000,000-delivery seed (`lib/seed-log.ts`), goal ≤ 550 B;
 * - 20,000 deliveries of a task with a 200-character description, each task made through the
 *   contract's `tasks.create` handler (validation, then the domain, as /admin/rpc and the window
 *   call it) on the real core, delivered by its dispatcher to one webhook on a loopback receiver,
 *   goal ≤ 1,000 B.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../main/core/core.js';
import { createHandlers } from '../main/core/handlers/index.js';
import { invokeOperation } from '../main/core/handlers/invoke.js';
import { openStore, storeOf } from '../main/core/store/database.js';
import { storedBytes, type StoredBytes } from '../main/core/store/storage-bytes.js';
import { eventBody, storeData } from '../main/core/store/event-data.js';
import type { HostServices } from '../main/core/handlers/types.js';
import type { LogDatabase } from './lib/log-database.js';
import { startReceiver } from './lib/receiver.js';
import { goal, type Section } from './lib/report.js';
import { waitUntil } from './lib/stats.js';

export const API_DELIVERIES = 20_000;
const SEED_GOAL = 550;
const API_GOAL = 1000;
/** The 200 characters of the task's description. */
const DESCRIPTION = 'Call the client back about the new quote; bring the figures from last month. '
  .repeat(3)
  .slice(0, 200);

/** The host services the handlers are given: none of them is called on this path. */
const noHost = new Proxy({} as HostServices, {
  get: (_target, name) => {
    throw new Error(`the bytes bench calls no host service (${String(name)})`);
  },
});

function seedBytes(log: LogDatabase): StoredBytes {
  const store = openStore(join(log.dataDir, 'dversum.db'));
  try {
    return storedBytes(store.sqlite);
  } finally {
    store.close();
  }
}

/** `count` tasks made through the contract handler, every delivery sent and recorded; the bytes then. */
export async function apiBytes(count: number, receiverUrl: string): Promise<StoredBytes> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dversum-bench-bytes-'));
  const core = createCore({ dataDir });
  try {
    core.settings.update({ rateLimits: { outgoingPerHour: 0 } });
    const handlers = createHandlers(core, noHost);
    await invokeOperation(handlers, 'webhooks.create', {
      name: 'bytes',
      url: receiverUrl,
      events: ['task.created'],
    });
    await core.start();
    const { sqlite } = storeOf(core.store);
    const sent = sqlite.prepare("SELECT count(*) FROM deliveries WHERE status = 'success'").pluck();
    for (let i = 0; i < count; i++) {
      await invokeOperation(handlers, 'tasks.create', {
        title: `Bench task ${i + 1}`,
        description: DESCRIPTION,
      });
    }
    const done = await waitUntil(() => Number(sent.get()) >= count, 180_000, 20);
    if (!done) throw new Error(`only ${String(sent.get())} of ${count} deliveries succeeded within 180 s`);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return storedBytes(sqlite);
  } finally {
    await core.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * CPU per event of keeping only the data, packed (store/event-data.ts): a write (stringify the
 * data, deflate) and a read (inflate, rebuild the envelope), on the API figure's task data.
 */
export function codecCost(rounds = 5_000): { writeUs: number; readUs: number; stored: number; json: number } {
  const data = {
    id: 'tsk_01m97ah4g0ra1m8c6dv7bmwtqs',
    title: 'Bench task 12345',
    description: DESCRIPTION,
    status: 'open',
    dueDate: null,
    projectId: null,
    completedAt: null,
    createdAt: '2026-12-07T04:00:00.000Z',
    updatedAt: '2026-12-07T04:00:00.000Z',
  };
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return user + system;
  };
  let stored = storeData(JSON.stringify(data));
  const warm = { id: 'evt_0', type: 'task.created', createdAt: 0, ...stored };
  for (let i = 0; i < 500; i++) eventBody({ ...warm, ...storeData(JSON.stringify(data)) }); // compiled first
  let started = cpu();
  for (let i = 0; i < rounds; i++) stored = storeData(JSON.stringify(data));
  const writeUs = (cpu() - started) / rounds;
  const row = { id: 'evt_01m97ah4g0ra1m8c6dv7bmwtqt', type: 'task.created', createdAt: 1_796_000_000_000, ...stored };
  started = cpu();
  for (let i = 0; i < rounds; i++) eventBody(row);
  const readUs = (cpu() - started) / rounds;
  const json = Buffer.byteLength(JSON.stringify(data));
  return { writeUs, readUs, stored: stored.packed?.length ?? Buffer.byteLength(stored.payload), json };
}

const perDelivery = (bytes: StoredBytes, n: number) => bytes.total / n;
const largest = (bytes: StoredBytes, n: number) =>
  bytes.byName
    .slice(0, 6)
    .map((row) => `${row.name} ${(row.bytes / n).toFixed(0)}`)
    .join(', ');

export async function benchBytes(log: LogDatabase): Promise<Section> {
  const seed = seedBytes(log);
  const receiver = await startReceiver();
  let api: StoredBytes;
  try {
    api = await apiBytes(API_DELIVERIES, receiver.url);
  } finally {
    await receiver.stop();
  }
  const codec = codecCost();
  const seedPer = perDelivery(seed, log.deliveries);
  const apiPer = perDelivery(api, API_DELIVERIES);
  return {
    title: 'Bytes per delivery (dbstat: deliveries, delivery_attempts, outbox and their indexes)',
    figures: [
      {
        name: `the log seed, ${log.deliveries.toLocaleString('en-US')} deliveries`,
        value: seedPer,
        unit: 'B',
      },
      {
        name: `${API_DELIVERIES.toLocaleString('en-US')} tasks made through the API, one webhook`,
        value: apiPer,
        unit: 'B',
      },
    ],
    goals: [
      goal('bytes per delivery ≤ 550 on the log seed', seedPer <= SEED_GOAL, `${seedPer.toFixed(0)} B`),
      goal('bytes per delivery ≤ 1,000 made through the API', apiPer <= API_GOAL, `${apiPer.toFixed(0)} B`),
    ],
    notes: [
      `largest on the seed, B per delivery: ${largest(seed, log.deliveries)}`,
      `largest through the API, B per delivery: ${largest(api, API_DELIVERIES)}`,
      `the event's data kept packed: ${codec.json} → ${codec.stored} B; CPU a write ${codec.writeUs.toFixed(1)} µs (deflate), a read ${codec.readUs.toFixed(1)} µs (inflate and envelope)`,
    ],
  };
}
