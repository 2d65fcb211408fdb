import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../main/core/core.js';
import {
  InstanceLockedError,
  LOCK_FILE_NAME,
  acquireInstanceLock,
} from '../../main/core/store/instance-lock.js';
import { runFixture, runServe, type Child } from './child-process.js';

const dirs: string[] = [];
const children: Child[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dversum-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
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

const lockedMessage = (dataDir: string, pid: number) =>
  new RegExp(
    `^Another dVersum \\(process ${pid} on ${hostname()}, started [0-9T:.Z-]+\\) is already using the data folder ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. ` +
      `Close it first, or point DVERSUM_DATA_DIR at another folder\\. If no dVersum is running, delete .*${LOCK_FILE_NAME}\\.$`,
  );

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
    const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8')) as { pid: number };
    expect(lock.pid).toBe(first.process.pid);
    first.process.stdin.write('close\n');
    await first.waitForLine(/^closed$/);
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
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
  });

  it('a second core in the same process refuses too, and the folder opens again after close', async () => {
    const dataDir = tempDir();
    const core = createCore({ dataDir });
    expect(() => createCore({ dataDir })).toThrow(InstanceLockedError);
    expect(() => createCore({ dataDir })).toThrow(lockedMessage(dataDir, process.pid));
    await core.close();
    expect(existsSync(join(dataDir, LOCK_FILE_NAME))).toBe(false);
    const again = createCore({ dataDir });
    await again.close();
  });

  it('takes over the lock of an instance killed with SIGKILL', async () => {
    const dataDir = tempDir();
    const crashed = runFixture('hold-core.ts', [dataDir]);
    children.push(crashed);
    await crashed.waitForLine(/^ready$/);
    crashed.process.kill('SIGKILL');
    expect((await crashed.exited).signal).toBe('SIGKILL');
    // kill -9 runs no exit handler: the lock file is still there, with a dead pid.
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8'))).toMatchObject({
      pid: crashed.process.pid,
    });

    const core = createCore({ dataDir });
    expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE_NAME), 'utf8'))).toMatchObject({
      pid: process.pid,
    });
    await core.close();
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
    const second = acquireInstanceLock(dataDir);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(second.owner);
    second.release();
    second.release();
    expect(existsSync(file)).toBe(false);
  });

  it('respects a lock written by another machine (a data folder on a network share)', () => {
    const dataDir = tempDir();
    const file = join(dataDir, LOCK_FILE_NAME);
    writeFileSync(
      file,
      JSON.stringify({ pid: deadPid(), hostname: 'nas-elsewhere', startedAt: '2026-01-01T00:00:00.000Z' }),
    );
    expect(() => acquireInstanceLock(dataDir)).toThrow(
      /^Another dVersum \(process \d+ on nas-elsewhere, started 2026-01-01T00:00:00.000Z\)/,
    );
  });

  it('never removes a lock that another instance has since taken over', () => {
    const dataDir = tempDir();
    const file = join(dataDir, LOCK_FILE_NAME);
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
