/**
 * Idle: `npm run serve`'s process (the headless bundle) started on an empty data
 * folder, as a laptop keeps it all day. Measured from outside, in /proc: the
 * resident size once settled (goal < 100 MB), the CPU time and the wake-ups
 * (context switches of all its threads) over 20 s with nothing to do, from 30 s
 * after start (goal: no CPU beyond the minute timers' ticks, under 20 ms; the old
 * window from 5 s, with V8's settling after start in it, is kept beside), then request-to-delivery of
 * single events one at a time: from sending `POST …/incoming/tasks` to a loopback
 * receiver in this process reading the delivery (goal: p50 < 5 ms). Baseline for
 * the first three: a bare Fastify /healthz in plain Node, measured the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { buildHeadless, HEADLESS_NODE_FLAGS, headlessEnv } from '../scripts/build-headless.mjs';
import { goal, type Section } from './lib/report.js';
import { percentile, waitUntil } from './lib/stats.js';
import { freePort } from '../test/support/free-port.js';

/** The first window, from 5 s after /healthz: it also holds V8's settling after start (below). */
const SETTLE_MS = 5_000;
const IDLE_MS = 20_000;
/**
 * The second window, from 30 s after /healthz. Some 8-25 s after start, V8's memory reducer
 * runs one or two full collections ("Mark-Compact (reduce)" in --trace-gc: 100-175 ms of CPU
 * in the bundle at 9-10 s, 30-40 ms for the bare Fastify at 25 s) and never again while the
 * process stays idle: that is start-up, not idle, and the first window catches it or not by a
 * second either way (bare Fastify 0 to 90 ms from one run to the next). The process's own
 * minute timers first fire at 60 s, after this window.
 */
const SETTLED_MS = 30_000;
const SAMPLES = 40;
const WARM_UP = 5;
/** Between two events: long enough for the process to be idle again when the next comes. */
const GAP_MS = 300;
const BARE = fileURLToPath(new URL('./children/bare-healthz.mjs', import.meta.url));
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Running {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** `asServe`: with the Node flags and environment `npm run serve` starts the server with. */
async function start(file: string, dataDir: string, asServe: boolean): Promise<Running> {
  const port = await freePort();
  const env = { ...process.env, DVERSUM_DATA_DIR: dataDir, DVERSUM_PORT: String(port), DVERSUM_HOST: '127.0.0.1' };
  const child = spawn(process.execPath, [...(asServe ? HEADLESS_NODE_FLAGS : []), file], {
    env: asServe ? headlessEnv(env) : env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const url = `http://127.0.0.1:${port}`;
  const healthy = await waitUntil(
    async () => {
      if (child.exitCode !== null) throw new Error(`${file} exited:\n${stderr}`);
      try {
        const res = await request(`${url}/healthz`);
        await res.body.dump();
        return res.statusCode === 200;
      } catch {
        return false;
      }
    },
    60_000,
    20,
  );
  if (!healthy) throw new Error(`${file}: no /healthz within 60 s`);
  return {
    child,
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/**
 * CPU time (user + system, ms, in the clock ticks of /proc/<pid>/stat: 10 ms steps), the same
 * to the nanosecond (the scheduler's own run time of each thread, /proc/<pid>/task/<tid>/schedstat),
 * context switches of all threads, resident size (bytes).
 */
function readProc(pid: number): { cpuMs: number; runMs: number; switches: number; rss: number; threads: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the command: state is field 3, utime 14, stime 15 (1-based in proc(5)).
  const ticks = Number(fields[11]) + Number(fields[12]);
  let switches = 0;
  let runNs = 0;
  const tasks = readdirSync(`/proc/${pid}/task`);
  for (const task of tasks) {
    try {
      runNs += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
      const status = readFileSync(`/proc/${pid}/task/${task}/status`, 'utf8');
      for (const m of status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)$/gm))
        switches += Number(m[1]);
    } catch {
      // a thread that ended meanwhile
    }
  }
  const rss =
    Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  return { cpuMs: (ticks * 1000) / TICKS_PER_SECOND, runMs: runNs / 1e6, switches, rss, threads: tasks.length };
}

async function idleFigures(file: string, dataDir: string, asServe: boolean) {
  const running = await start(file, dataDir, asServe);
  try {
    const started = Date.now();
    const window = async (from: number) => {
      await new Promise((r) => setTimeout(r, from - (Date.now() - started)));
      const before = readProc(running.child.pid!);
      await new Promise((r) => setTimeout(r, IDLE_MS));
      const after = readProc(running.child.pid!);
      return {
        rss: before.rss,
        cpuMs: after.cpuMs - before.cpuMs,
        runMs: after.runMs - before.runMs,
        switches: after.switches - before.switches,
        threads: after.threads,
      };
    };
    const early = await window(SETTLE_MS);
    const settled = await window(SETTLED_MS);
    return { running, early, ...settled };
  } catch (err) {
    await running.stop();
    throw err;
  }
}

async function rpc(url: string, token: string, name: string, input: unknown): Promise<unknown> {
  const res = await request(`${url}/admin/rpc/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = await res.body.json();
  if (res.statusCode !== 200) throw new Error(`${name}: ${res.statusCode} ${JSON.stringify(body)}`);
  return body;
}

/** Request-to-delivery, one event at a time, GAP_MS apart. */
async function requestToDelivery(
  running: Running,
  dataDir: string,
): Promise<{ delivered: number[]; answered: number[] }> {
  const arrivals = new Map<string, number>();
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const title = (JSON.parse(body) as { data?: { title?: string } }).data?.title;
      if (title) arrivals.set(title, performance.now());
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  try {
    const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    await rpc(running.url, token, 'webhooks.create', {
      name: 'idle bench',
      url: `http://127.0.0.1:${port}/hook`,
      events: ['task.created'],
    });
    const { key } = (await rpc(running.url, token, 'keys.create', {
      name: 'idle bench',
      permissions: ['tasks:write'],
    })) as { key: string };
    const samples: number[] = [];
    const answered: number[] = [];
    for (let i = 0; i < SAMPLES + WARM_UP; i++) {
      const title = `Idle ${i}`;
      const started = performance.now();
      const res = await request(`${running.url}/api/v1/webhooks/incoming/tasks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ title }),
      });
      await res.body.dump();
      if (i >= WARM_UP) answered.push(performance.now() - started);
      if (res.statusCode !== 201) throw new Error(`incoming task: ${res.statusCode}`);
      if (!(await waitUntil(() => arrivals.has(title), 5000, 1)))
        throw new Error(`${title} not delivered within 5 s`);
      if (i >= WARM_UP) samples.push(arrivals.get(title)! - started);
      await new Promise((r) => setTimeout(r, GAP_MS));
    }
    return { delivered: samples, answered };
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

export async function benchIdle(): Promise<Section> {
  const bundle = await buildHeadless();
  if (!bundle) throw new Error('esbuild is not installed: npm run serve runs the sources under tsx');
  const dataDir = mkdtempSync(join(tmpdir(), 'dversum-bench-idle-'));
  const bareDir = mkdtempSync(join(tmpdir(), 'dversum-bench-idle-bare-'));
  try {
    const bare = await idleFigures(BARE, bareDir, false);
    await bare.running.stop();
    const app = await idleFigures(bundle, dataDir, true);
    let samples: number[];
    let answered: number[];
    let rssAfter: number;
    try {
      ({ delivered: samples, answered } = await requestToDelivery(app.running, dataDir));
      await new Promise((r) => setTimeout(r, 2000));
      rssAfter = readProc(app.running.child.pid!).rss;
    } finally {
      await app.running.stop();
    }
    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);
    const mb = (bytes: number) => bytes / 1e6;
    return {
      title: `Idle: npm run serve's process on an empty folder, ${IDLE_MS / 1000} s with nothing to do, then ${SAMPLES} single events`,
      figures: [
        {
          name: `resident memory ${SETTLE_MS / 1000} s after start (the old figure)`,
          value: mb(app.early.rss),
          unit: 'MB',
          baseline: mb(bare.early.rss),
          baselineName: 'bare Fastify in Node',
        },
        {
          name: `CPU time over ${IDLE_MS / 1000} s from ${SETTLE_MS / 1000} s (the old figure, V8's settling in it)`,
          value: app.early.cpuMs,
          unit: 'ms',
          baseline: bare.early.cpuMs,
          baselineName: 'bare Fastify in Node',
        },
        {
          name: `the same to the ns (schedstat, all threads)`,
          value: app.early.runMs,
          unit: 'ms',
          baseline: bare.early.runMs,
          baselineName: 'bare Fastify in Node',
        },
        {
          name: `resident memory ${SETTLED_MS / 1000} s after start (settled)`,
          value: mb(app.rss),
          unit: 'MB',
          baseline: mb(bare.rss),
          baselineName: 'bare Fastify in Node',
        },
        {
          name: `CPU time over ${IDLE_MS / 1000} s idle from ${SETTLED_MS / 1000} s, to the ns (schedstat, all threads)`,
          value: app.runMs,
          unit: 'ms',
          baseline: bare.runMs,
          baselineName: 'bare Fastify in Node',
        },
        {
          name: `the same in clock ticks (/proc/<pid>/stat, 10 ms steps)`,
          value: app.cpuMs,
          unit: 'ms',
          baseline: bare.cpuMs,
          baselineName: 'bare Fastify in Node',
        },
        {
          name: `wake-ups (context switches, all ${app.threads} threads) over those ${IDLE_MS / 1000} s`,
          value: app.switches,
          unit: '',
          baseline: bare.switches,
          baselineName: `bare Fastify in Node, ${bare.threads} threads`,
        },
        { name: 'request-to-delivery p50', value: p50, unit: 'ms' },
        { name: 'request-to-delivery p99', value: p99, unit: 'ms' },
        {
          name: 'request to its 201, p50 (the part before the dispatcher)',
          value: percentile(answered, 50),
          unit: 'ms',
        },
        { name: 'resident memory after the events', value: mb(rssAfter), unit: 'MB' },
      ],
      goals: [
        goal(
          'idle RSS < 100 MB',
          app.rss < 100e6,
          `${mb(app.rss).toFixed(1)} MB (bare Fastify ${mb(bare.rss).toFixed(1)} MB)`,
        ),
        goal(
          'no CPU between the minute timers’ ticks',
          app.runMs <= 20,
          `${app.runMs.toFixed(1)} ms of CPU (${app.cpuMs.toFixed(0)} ms in ticks) and ${app.switches} wake-ups in ${IDLE_MS / 1000} s (bare Fastify ${bare.runMs.toFixed(1)} ms, ${bare.cpuMs.toFixed(0)} in ticks, ${bare.switches})`,
        ),
        goal(
          'idle request-to-delivery p50 < 5 ms',
          p50 < 5,
          `${p50.toFixed(2)} ms (p99 ${p99.toFixed(2)} ms, ${samples.length} events ${GAP_MS} ms apart)`,
        ),
      ],
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(bareDir, { recursive: true, force: true });
  }
}
