import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../main/core/core.js';
import {
  InstanceLockedError,
  LOCK_FILE_NAME,
  OWNER_FILE_NAME,
  acquireInstanceLock,
} from '../../main/core/store/instance-lock.js';
import { runFixture, runServe, runServeUnreaped, type Child } from './child-process.js';

const dirs: string[] = [];
const children: Child[] = [];
/** Servers started under a parent that does not reap them (runServeUnreaped). */
const servers: number[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dversum-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const pid of servers.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has certainly exited. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(result.stdout);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// The last sentence no longer says to delete the lock file: the lock ends with its process,
// and deleting the file of a running one would let a second instance in beside it.
const lockedMessage = (dataDir: string, pid: number, host = hostname()) =>
  new RegExp(
    `^Another dVersum \\(process ${pid} on ${escape(host)}, started [0-9T:.Z-]+\\) is already using the data folder ${escape(dataDir)}\\. ` +
      `Close it first, or point DVERSUM_DATA_DIR at another folder\\. ` +
      `If no dVersum seems to be running, end process ${pid} on ${escape(host)}: the lock goes with it\\.$`,
  );

const ownerOf = (dataDir: string) =>
  JSON.parse(readFileSync(join(dataDir, OWNER_FILE_NAME), 'utf8')) as { pid: number; hostname: string };

/**
 * Starts a core on the folder without letting the event loop turn (so a child just
 * killed is not even reaped yet): retries a refusal until `withinMs`, then gives up.
 */
function startAtOnce(dataDir: string, withinMs: number): { core: Core; attempts: number } {
  const deadline = performance.now() + withinMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempts = 1; ; attempts++) {
    try {
      return { core: createCore({ dataDir }), attempts };
    } catch (err) {
      if (!(err instanceof InstanceLockedError) || performance.now() > deadline) throw err;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

describe('one app instance per data folder', () => {
  it('a second instance in another process refuses, naming the folder and the first process', async () => {
    const dataDir = tempDir();
    const first = runFixture('hold-core.ts', [dataDir]);
    children.push(first);
    await first.waitForLine(/^ready$/);

    const second = runFixture('hold-core.ts', [dataDir]);
    children.push(second);
    const line = await second.waitForLine(/^refused: /);
    expect(line.slice('refused: '.length)).toMatch(lockedMessage(dataDir, first.process.pid!));
    expect((await second.exited).code).toBe(3);

    // The refused instance touched nothing: the first still holds the lock and its database.
    expect(ownerOf(dataDir).pid).toBe(first.process.pid);
    first.process.stdin.write('close\n');
    await first.waitForLine(/^closed$/);
    expect(existsSync(join(dataDir, OWNER_FILE_NAME))).toBe(false);
    // The lock file itself stays (empty): removing it while another opens it would split the lock.
    expect(statSync(join(dataDir, LOCK_FILE_NAME)).size).toBe(0);
  });

  it('headless mode (npm run serve) started twice on one folder: the second says why and exits 1', async () => {
    const dataDir = tempDir();
    const env = { DVERSUM_DATA_DIR: dataDir, DVERSUM_PORT: '0', DVERSUM_HOST: '127.0.0.1' };
    const first = runServe(env);
    children.push(first);
    await first.waitForLine(/^dVersum is running \(headless\) at /, 60_000);
    const second = runServe(env);
    children.push(second);
    const { code } = await second.exited;
    expect(code).toBe(1);
    const message = second
      .output()
      .split('\n')
      .find((line) => line.startsWith('dVersum could not start: '));
    expect(message?.slice('dVersum could not start: '.length)).toMatch(
      lockedMessage(dataDir, first.process.pid!),
    );
  }, 120_000);

  it('a second core in the same process refuses too, and the folder opens again after close', async () => {
    const dataDir = tempDir();
    const core = createCore({ dataDir });
    expect(() => createCore({ dataDir })).toThrow(InstanceLockedError);
    expect(() => createCore({ dataDir })).toThrow(lockedMessage(dataDir, process.pid));
    // The refusals here opened nothing that could drop the process's lock: another process is still refused.
    const other = runFixture('hold-core.ts', [dataDir]);
    children.push(other);
    expect((await other.waitForLine(/^refused: /)).slice('refused: '.length)).toMatch(
      lockedMessage(dataDir, process.pid),
    );
    await core.close();
    expect(existsSync(join(dataDir, OWNER_FILE_NAME))).toBe(false);
    const again = createCore({ dataDir });
    await again.close();
  });

  it('kill -9, then a start at once (the dead process not even reaped yet) succeeds, 20 times in a row', async () => {
    const dataDir = tempDir();
    for (let round = 0; round < 20; round++) {
      const crashed = runFixture('hold-lock.ts', [dataDir]);
      children.push(crashed);
      await crashed.waitForLine(/^ready$/);
      expect(ownerOf(dataDir).pid).toBe(crashed.process.pid);
      crashed.process.kill('SIGKILL');
      // The kernel drops the lock as the process dies; 2 s bounds a machine that is busy.
      const { core } = startAtOnce(dataDir, 2_000);
      expect(ownerOf(dataDir).pid).toBe(process.pid);
      await core.close();
      expect((await crashed.exited).signal).toBe('SIGKILL');
    }
  }, 180_000);

  it.skipIf(process.platform === 'win32')(
    'npm run serve killed with SIGKILL, not yet reaped by its parent: a new serve started at once is running, 3 times in a row',
    async () => {
      const dataDir = tempDir();
      const env = { DVERSUM_DATA_DIR: dataDir, DVERSUM_PORT: '0', DVERSUM_HOST: '127.0.0.1' };
      const start = async () => {
        const parent = runServeUnreaped(env);
        children.push(parent);
        const pid = Number((await parent.waitForLine(/^pid \d+$/)).slice('pid '.length));
        servers.push(pid);
        await parent.waitForLine(/^dVersum is running \(headless\) at /, 60_000);
        return pid;
      };
      let pid = await start();
      for (let round = 0; round < 3; round++) {
        process.kill(pid, 'SIGKILL');
        const next = await start();
        expect(ownerOf(dataDir).pid).toBe(next);
        // The one killed is still a zombie: its pid answers, yet it no longer holds anything.
        expect(() => process.kill(pid, 0)).not.toThrow();
        pid = next;
      }
    },
    240_000,
  );

  it('a lock file and owner file left with the pid of a live, unrelated process do not block', async () => {
    const dataDir = tempDir();
    const unrelated = spawn('sleep', ['60'], { stdio: 'ignore' });
    try {
      const left = JSON.stringify({
        pid: unrelated.pid,
        hostname: hostname(),
        startedAt: '2026-01-01T00:00:00.000Z',
      });
      // An earlier version's lock (a pid in dversum.lock, as JSON) and this version's owner file.
      writeFileSync(join(dataDir, LOCK_FILE_NAME), left);
      writeFileSync(join(dataDir, OWNER_FILE_NAME), left);
      const core = createCore({ dataDir });
      expect(ownerOf(dataDir).pid).toBe(process.pid);
      expect(statSync(join(dataDir, LOCK_FILE_NAME)).size).toBe(0);
      await core.close();
    } finally {
      unrelated.kill('SIGKILL');
    }
  });

  it('takes over a stale lock from a dead pid and an empty lock file cut short by a crash', () => {
    const dataDir = tempDir();
    const file = join(dataDir, LOCK_FILE_NAME);
    writeFileSync(
      file,
      JSON.stringify({ pid: deadPid(), hostname: hostname(), startedAt: '2026-01-01T00:00:00.000Z' }),
    );
    const lock = acquireInstanceLock(dataDir);
    expect(lock.owner.pid).toBe(process.pid);
    lock.release();

    writeFileSync(file, '');
    writeFileSync(join(dataDir, OWNER_FILE_NAME), '{"pid": 12');
    const second = acquireInstanceLock(dataDir);
    expect(ownerOf(dataDir)).toEqual(second.owner);
    second.release();
    second.release();
    expect(existsSync(join(dataDir, OWNER_FILE_NAME))).toBe(false);
  });

  // Before, an owner on another machine could not be checked and was respected. Now the lock
  // itself says whether someone holds it; the owner file only names them in the message.
  it('names the holder from another machine (a data folder on a network share), and ignores a leftover one', async () => {
    const dataDir = tempDir();
    const leftover = JSON.stringify({
      pid: deadPid(),
      hostname: 'nas-elsewhere',
      startedAt: '2026-01-01T00:00:00.000Z',
    });
    writeFileSync(join(dataDir, OWNER_FILE_NAME), leftover);
    acquireInstanceLock(dataDir).release();

    const holder = runFixture('hold-core.ts', [dataDir]);
    children.push(holder);
    await holder.waitForLine(/^ready$/);
    writeFileSync(
      join(dataDir, OWNER_FILE_NAME),
      JSON.stringify({ ...ownerOf(dataDir), hostname: 'nas-elsewhere' }),
    );
    expect(() => acquireInstanceLock(dataDir)).toThrow(
      lockedMessage(dataDir, holder.process.pid!, 'nas-elsewhere'),
    );
  });

  it('never removes an owner file that another instance has since written', () => {
    const dataDir = tempDir();
    const file = join(dataDir, OWNER_FILE_NAME);
    const lock = acquireInstanceLock(dataDir);
    const successor = JSON.stringify({
      pid: process.pid,
      hostname: hostname(),
      startedAt: 'later',
      token: 'other',
    });
    writeFileSync(file, successor);
    lock.release();
    expect(readFileSync(file, 'utf8')).toBe(successor);
  });

  it('an in-memory core takes no lock', async () => {
    const a = createCore();
    const b = createCore();
    await a.close();
    await b.close();
  });
});
