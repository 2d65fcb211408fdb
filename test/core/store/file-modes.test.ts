/**
 * The data folder and the database files are the owner's alone: 0700 and 0600
 * whatever the umask, and a looser folder from an earlier version is tightened
 * at start, saying so once.
 */
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../main/core/core.js';
import { runFixture, type Child } from '../../reliability/child-process.js';

const dirs: string[] = [];
const children: Child[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dversum-modes-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const modeOf = (path: string) => `0${(statSync(path).mode & 0o777).toString(8)}`;
const DB_FILES = ['dversum.db', 'dversum.db-wal', 'dversum.db-shm', 'dversum.lock', 'dversum.lock.owner'];

describe.skipIf(process.platform === 'win32')('files only the owner can read', () => {
  it('a fresh data folder is 0700 and the database, -wal, -shm and lock files 0600, even under umask 000', async () => {
    const dataDir = join(tempDir(), 'nested', 'dversum');
    // A child, since the umask is the process's; it holds the core open, so -wal and -shm exist.
    const child = runFixture('hold-core.ts', [dataDir, '000']);
    children.push(child);
    await child.waitForLine(/^ready$/);
    expect(modeOf(dataDir)).toBe('0700');
    expect(Object.fromEntries(DB_FILES.map((name) => [name, modeOf(join(dataDir, name))]))).toEqual(
      Object.fromEntries(DB_FILES.map((name) => [name, '0600'])),
    );
    child.process.stdin.write('close\n');
    await child.waitForLine(/^closed$/);
    // A fresh folder needed no tightening: nothing was said.
    expect(child.output()).not.toMatch(/readable by this user only/);
  });

  it('an existing 0755 folder with a 0644 database is tightened at start, and says so once', async () => {
    const dataDir = tempDir();
    const first = createCore({ dataDir, log: () => undefined });
    first.clients.create({ name: 'Ada' });
    await first.close();
    // As an earlier version left them.
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'dversum.db'), 0o644);

    const lines: string[] = [];
    const core = createCore({ dataDir, log: (line) => lines.push(line) });
    core.clients.create({ name: 'Grace' });
    expect(lines).toEqual([
      `dVersum made the data folder ${dataDir} readable by this user only (the folder 0755 → 0700, dversum.db 0644 → 0600).`,
    ]);
    expect(modeOf(dataDir)).toBe('0700');
    for (const name of ['dversum.db', 'dversum.db-wal', 'dversum.db-shm'])
      expect(modeOf(join(dataDir, name))).toBe('0600');
    await core.close();

    const again = createCore({ dataDir, log: (line) => lines.push(line) });
    await again.close();
    expect(lines).toHaveLength(1);
  });
});
