/**
 * Headless start with 1,000,000 log rows: from spawning the process that
 * `npm run serve` runs (the bundle scripts/build-headless.mjs makes) to the
 * first 200 from /healthz. Goal: under 1 s. Baselines from the same run: a
 * bare Fastify /healthz in plain Node (what Node and Fastify cost before any
 * app code), the same start on an empty data folder (the log's own cost), and
 * the sources under tsx (what the bundle saves).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { buildHeadless } from '../scripts/build-headless.mjs';
import type { LogDatabase } from './lib/log-database.js';
import { goal, type Section } from './lib/report.js';
import { median } from './lib/stats.js';
import { freePort } from '../test/support/free-port.js';

const RUNS = 3;
const SOURCES = fileURLToPath(new URL('../main/headless/serve.ts', import.meta.url));
const BARE = fileURLToPath(new URL('./children/bare-healthz.mjs', import.meta.url));

async function healthy(port: number): Promise<boolean> {
  try {
    const res = await request(`http://127.0.0.1:${port}/healthz`, {
      headersTimeout: 1000,
      bodyTimeout: 1000,
    });
    await res.body.dump();
    return res.statusCode === 200;
  } catch {
    return false;
  }
}

/** Milliseconds from spawn to the first 200 from /healthz (a .ts file runs under tsx). */
async function timeToHealthy(file: string, dataDir: string): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const args = file.endsWith('.ts') ? ['--import', 'tsx', file] : [file];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, DVERSUM_DATA_DIR: dataDir, DVERSUM_PORT: String(port), DVERSUM_HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      resolve();
    }),
  );
  try {
    for (;;) {
      if (exited) throw new Error(`${file} exited before /healthz answered:\n${stderr}`);
      if (await healthy(port)) return performance.now() - started;
      if (performance.now() - started > 60_000) throw new Error(`${file}: no /healthz within 60 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await exit;
  }
}

export async function benchHeadlessStart(log: LogDatabase): Promise<Section> {
  const bundle = await buildHeadless();
  if (!bundle) throw new Error('esbuild is not installed: npm run serve runs the sources under tsx');
  const emptyDir = mkdtempSync(join(tmpdir(), 'dversum-bench-empty-'));
  try {
    // One unmeasured start each, so the disk cache and tsx's transform cache are warm, as for a second start.
    await timeToHealthy(BARE, emptyDir);
    await timeToHealthy(bundle, log.dataDir);
    await timeToHealthy(SOURCES, emptyDir);
    const bare: number[] = [];
    const empty: number[] = [];
    const full: number[] = [];
    const tsx: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      bare.push(await timeToHealthy(BARE, emptyDir));
      empty.push(await timeToHealthy(bundle, emptyDir));
      full.push(await timeToHealthy(bundle, log.dataDir));
      tsx.push(await timeToHealthy(SOURCES, log.dataDir));
    }
    const ready = median(full);
    const baseline = { baseline: median(bare), baselineName: 'bare Fastify in Node' };
    return {
      title: `Headless start (npm run serve's process) with ${log.deliveries.toLocaleString('en-US')} log rows, median of ${RUNS}`,
      figures: [
        { name: 'spawn to /healthz 200', value: ready, unit: 'ms', ...baseline },
        { name: 'same, empty data folder', value: median(empty), unit: 'ms', ...baseline },
        {
          name: 'same, the sources under tsx (before the bundle)',
          value: median(tsx),
          unit: 'ms',
          ...baseline,
        },
      ],
      goals: [
        goal(
          'headless ready with 1,000,000 log rows < 1 s',
          ready < 1000,
          `${ready.toFixed(0)} ms (empty folder ${median(empty).toFixed(0)} ms; bare Fastify ${median(bare).toFixed(0)} ms)`,
        ),
      ],
    };
  } finally {
    rmSync(emptyDir, { recursive: true, force: true });
  }
}
