/**
 * `npm run serve` is three processes above the server: npm, the shell npm runs the
 * script in, and scripts/serve.mjs. A kill -9 of npm (what `kill -9 $!` after
 * `npm run serve &` does) or of the launcher signals none of the others: the server
 * must not live on as an orphan holding the data folder, and a start made at once
 * must run.
 *
 * And sent SIGTERM (what `kill $!`, a service manager or a container's stop does),
 * npm passes it to its shell, which dies without passing it on: `npm run serve`
 * and `npm start`'s headless fallback alike must then stop the server and free
 * its port.
 */
import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildHeadless } from '../../scripts/build-headless.mjs';
import { ensureRendererBuilt } from '../e2e/harness/build.js';
import { freePort } from '../support/free-port.js';
import { runNpmServe, runNpmStart, type Child } from './child-process.js';

const RUNNING = /^dVersum is running \(headless\) at /;
const dirs: string[] = [];
const children: Child[] = [];
const servers: number[] = [];

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const serverPid = (dataDir: string): number =>
  (JSON.parse(readFileSync(join(dataDir, 'dversum.lock.owner'), 'utf8')) as { pid: number }).pid;
const parentOf = (pid: number): number =>
  Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());

async function start(dataDir: string): Promise<{ npm: Child; server: number }> {
  const npm = runNpmServe({ DVERSUM_DATA_DIR: dataDir, DVERSUM_PORT: '0', DVERSUM_HOST: '127.0.0.1' });
  children.push(npm);
  await npm.waitForLine(RUNNING, 60_000);
  const server = serverPid(dataDir);
  servers.push(server);
  return { npm, server };
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function gone(pid: number): Promise<void> {
  await expect.poll(() => alive(pid), { timeout: 10_000 }).toBe(false);
}

beforeAll(async () => {
  // Built once here, so the launcher finds both fresh and starts the server straight away.
  await ensureRendererBuilt();
  await buildHeadless();
}, 240_000);

afterEach(() => {
  for (const pid of servers.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
  for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('npm run serve killed with -9', () => {
  it('npm killed with -9, then npm run serve again at once: it runs, and the old server is gone, 3 times in a row', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dversum-launcher-'));
    dirs.push(dataDir);
    let current = await start(dataDir);
    for (let round = 0; round < 3; round++) {
      current.npm.process.kill('SIGKILL');
      const next = await start(dataDir);
      expect(next.server).not.toBe(current.server);
      await gone(current.server);
      current = next;
    }
  }, 180_000);

  it('the launcher (scripts/serve.mjs) killed with -9: the server stops, and a new start at once runs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dversum-launcher-'));
    dirs.push(dataDir);
    const first = await start(dataDir);
    process.kill(parentOf(first.server), 'SIGKILL');
    const second = await start(dataDir);
    await first.npm.waitForLine(/^The launcher \(npm run serve\) is gone: stopping dVersum$/, 10_000);
    await gone(first.server);
    expect(alive(second.server)).toBe(true);
  }, 120_000);
});

describe.skipIf(process.platform === 'win32')('npm sent SIGTERM', () => {
  it.each([
    ['npm start (DVERSUM_HEADLESS=1)', runNpmStart],
    ['npm run serve', runNpmServe],
  ])(
    '%s: the server stops and its port is free within 10 s',
    async (_name, run) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'dversum-launcher-'));
      dirs.push(dataDir);
      const port = await freePort();
      const npm = run({
        DVERSUM_HEADLESS: '1',
        DVERSUM_DATA_DIR: dataDir,
        DVERSUM_PORT: String(port),
        DVERSUM_HOST: '127.0.0.1',
      });
      children.push(npm);
      await npm.waitForLine(RUNNING, 60_000);
      const server = serverPid(dataDir);
      servers.push(server);
      expect(await listening(port)).toBe(true);

      npm.process.kill('SIGTERM');
      await npm.exited;
      await expect.poll(() => alive(server), { timeout: 10_000 }).toBe(false);
      await expect.poll(() => listening(port), { timeout: 10_000 }).toBe(false);
    },
    120_000,
  );
});
