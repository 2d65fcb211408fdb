/**
 * The dispatcher: deliveries a second to a keep-alive receiver on loopback,
 * every attempt persisted, against a bare undici loop posting the same bodies
 * with the same concurrency (goal: at least half); and event-to-delivery p50
 * on an idle machine (goal: under 20 ms).
 */
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { createCore, type Core } from '../main/core/core.js';
import { startReceiver, type Receiver } from './lib/receiver.js';
import { goal, ratioDetail, type Section } from './lib/report.js';
import { percentile, waitUntil } from './lib/stats.js';
import { storeOf } from '../main/core/store/database.js';
import { eventBody, type StoredEvent } from '../main/core/store/event-data.js';

const EVENTS = 3000;
const LATENCY_SAMPLES = 60;
/** The dispatcher's default bound per webhook; the bare loop gets the same. */
const CONCURRENCY = 4;

function tempCore(): { core: Core; cleanup: () => Promise<void> } {
  const dataDir = mkdtempSync(join(tmpdir(), 'dversum-bench-dispatch-'));
  const core = createCore({ dataDir });
  core.settings.update({ rateLimits: { outgoingPerHour: 0 } });
  return {
    core,
    cleanup: async () => {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function recordEvents(core: Core, count: number): void {
  storeOf(core.store).sqlite.transaction(() => {
    for (let i = 0; i < count; i++) {
      core.outbox.record('task.created', {
        id: `tsk_bench${String(i).padStart(22, '0')}`,
        title: `Bench task ${i}`,
        description: 'A task created by the bench, about as large as a real one.',
        status: 'open',
        dueDate: '2026-12-01',
        projectId: null,
      });
    }
  })();
}

const countSuccess = (core: Core): number =>
  (
    storeOf(core.store)
      .sqlite.prepare("SELECT count(*) AS n FROM deliveries WHERE status = 'success'")
      .get() as {
      n: number;
    }
  ).n;

async function throughputOfDispatcher(
  receiver: Receiver,
): Promise<{ rate: number; bodies: string[]; attempts: number }> {
  const { core, cleanup } = tempCore();
  try {
    core.webhooks.create({ name: 'bench', url: receiver.url, events: ['*'] });
    recordEvents(core, EVENTS);
    await receiver.reset();
    const started = performance.now();
    await core.start();
    const done = await waitUntil(() => countSuccess(core) >= EVENTS, 120_000, 10);
    const seconds = (performance.now() - started) / 1000;
    if (!done) throw new Error(`only ${countSuccess(core)} of ${EVENTS} deliveries succeeded within 120 s`);
    const attempts = (
      storeOf(core.store).sqlite.prepare('SELECT count(*) AS n FROM delivery_attempts').get() as { n: number }
    ).n;
    // The bodies the app sent (rows keep only the data, maybe packed: store/event-data.ts).
    const bodies = (
      storeOf(core.store)
        .sqlite.prepare(
          'SELECT id, type, created_at AS createdAt, payload, packed, payload_form AS form FROM outbox ORDER BY seq',
        )
        .all() as StoredEvent[]
    ).map(eventBody);
    return { rate: EVENTS / seconds, bodies, attempts };
  } finally {
    await cleanup();
  }
}

async function throughputOfBareLoop(receiver: Receiver, bodies: string[]): Promise<number> {
  const agent = new Agent({ connections: CONCURRENCY * 2, keepAliveTimeout: 30_000 });
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const res = await request(receiver.url, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json' },
        body,
      });
      await res.body.dump();
      if (res.statusCode >= 300) throw new Error(`receiver answered ${res.statusCode}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  return bodies.length / seconds;
}

/** Event-to-delivery: from the commit of the change to the receiver reading the request, one at a time. */
async function latency(): Promise<number[]> {
  const arrivals = new Map<string, number>();
  const server = createServer((req, res) => {
    const id = req.headers['webhook-id'];
    req.resume();
    req.on('end', () => {
      if (typeof id === 'string') arrivals.set(id, performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const { core, cleanup } = tempCore();
  const samples: number[] = [];
  try {
    core.webhooks.create({ name: 'latency', url: `http://127.0.0.1:${port}/hook`, events: ['*'] });
    await core.start();
    for (let i = 0; i < LATENCY_SAMPLES + 5; i++) {
      const started = performance.now();
      const event = storeOf(core.store).sqlite.transaction(() =>
        core.outbox.record('task.created', { id: `tsk_latency${i}`, title: 'Latency' }),
      )();
      const arrived = await waitUntil(() => arrivals.has(event.id), 5000, 1);
      if (!arrived) throw new Error(`event ${event.id} not delivered within 5 s`);
      if (i >= 5) samples.push(arrivals.get(event.id)! - started); // the first few warm the connection up
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await cleanup();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  return samples;
}

export async function benchDispatcher(): Promise<Section> {
  const receiver = await startReceiver();
  try {
    const dispatcher = await throughputOfDispatcher(receiver);
    const bare = await throughputOfBareLoop(receiver, dispatcher.bodies);
    const samples = await latency();
    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);
    return {
      title: `Dispatcher, ${EVENTS.toLocaleString('en-US')} events to one keep-alive receiver, ${CONCURRENCY} in flight`,
      figures: [
        {
          name: 'deliveries per second (attempts persisted)',
          value: dispatcher.rate,
          unit: '/s',
          baseline: bare,
          baselineName: 'bare undici loop',
        },
        { name: 'event-to-delivery p50', value: p50, unit: 'ms' },
        { name: 'event-to-delivery p99', value: p99, unit: 'ms' },
      ],
      goals: [
        goal(
          'dispatcher rate ≥ ½ the bare undici loop',
          dispatcher.rate >= bare / 2 && dispatcher.attempts === EVENTS,
          `${ratioDetail(dispatcher.rate, bare, 0.5)}; ${dispatcher.attempts} attempts persisted`,
        ),
        goal(
          'event-to-delivery p50 < 20 ms',
          p50 < 20,
          `${p50.toFixed(1)} ms (p99 ${p99.toFixed(1)} ms, ${samples.length} events one at a time)`,
        ),
      ],
    };
  } finally {
    await receiver.stop();
  }
}
