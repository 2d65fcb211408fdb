/**
 * `npm run backup` and `npm run restore -- <file>` (backup-cli.ts): on a data
 * folder nobody holds they open it themselves; while headless runs on it they
 * ask the running server, which restores itself behind the same port (the
 * next call on the same address reaches the restored database).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore } from '../../main/core/core.js';
import { runBackupCli } from '../../main/headless/backup-cli.js';
import { startHeadless, type Headless } from '../../main/headless/serve.js';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'dversum-cli-'));
  dirs.push(dir);
  return dir;
};
let headless: Headless | undefined;
afterEach(async () => {
  await headless?.close();
  headless = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const reason =
  /^Paused after restoring a backup: dversum-\d{8}-\d{6}-manual\.db \(taken .+\)\. Deliveries that were pending in it are held until you resume sending\.$/;

describe('npm run backup / restore, nothing running', () => {
  it('backs up, and restores a relative path with sending paused', async () => {
    const dataDir = temp();
    let core = createCore({ dataDir });
    const ada = core.clients.create({ name: 'Ada Lovelace' });
    await core.close();

    const lines: string[] = [];
    expect(await runBackupCli(['backup'], { env: { dataDir }, log: (l) => lines.push(l) })).toBe(0);
    const [, path] = /^Backed up to (\S+) \(\d+ bytes\)$/.exec(lines[0]) ?? [];
    expect(path).toMatch(/\/backups\/dversum-\d{8}-\d{6}-manual\.db$/);

    core = createCore({ dataDir });
    core.clients.delete(ada.id);
    await core.close();

    lines.length = 0;
    const cwd = join(dataDir, 'backups');
    expect(
      await runBackupCli(['restore', path.slice(cwd.length + 1)], {
        env: { dataDir },
        cwd,
        log: (l) => lines.push(l),
      }),
    ).toBe(0);
    expect(lines[0]).toMatch(
      new RegExp(`^Restored ${path}\\. The database before it is kept as .+-before-restore\\.db\\.$`),
    );
    expect(lines[1]).toMatch(reason);

    core = createCore({ dataDir });
    expect(core.clients.get(ada.id).name).toBe('Ada Lovelace');
    expect(core.dispatcher.status()).toMatchObject({
      paused: true,
      pausedReason: expect.stringMatching(reason),
    });
    await core.close();
  });

  it('refuses a file that is not a dVersum database, and a wrong command line', async () => {
    const dataDir = temp();
    await createCore({ dataDir }).close();
    const file = join(dataDir, 'notes.txt');
    writeFileSync(file, 'not a database');
    const lines: string[] = [];
    expect(await runBackupCli(['restore', file], { env: { dataDir }, log: (l) => lines.push(l) })).toBe(1);
    expect(lines).toEqual([`dVersum: ${file} is not a dVersum database: nothing was restored`]);
    lines.length = 0;
    expect(await runBackupCli(['restore'], { env: { dataDir }, log: (l) => lines.push(l) })).toBe(2);
    expect(lines).toEqual(['Usage: npm run backup | npm run restore -- <file>']);
  });
});

describe('npm run backup / restore while headless runs', () => {
  it('the running server backs up and restores itself; the same address then serves the restored database', async () => {
    const dataDir = temp();
    headless = await startHeadless({ env: { dataDir, host: '127.0.0.1', port: 0 }, log: () => undefined });
    const port = Number(new URL(headless.url).port);
    const token = readFileSync(headless.tokenFile, 'utf8').trim();
    const rpc = async (name: string, body: unknown = {}) => {
      const response = await fetch(`${headless!.url}/admin/rpc/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return (await response.json()) as Record<string, unknown>;
    };
    const ada = await rpc('clients.create', { name: 'Ada Lovelace' });
    const env = { dataDir, host: '127.0.0.1', port };
    const lines: string[] = [];
    expect(await runBackupCli(['backup'], { env, log: (l) => lines.push(l) })).toBe(0);
    const [, path] = /^The running dVersum at \S+ backed up to (\S+)$/.exec(lines[0]) ?? [];
    expect(path).toBeDefined();
    await rpc('clients.delete', { id: ada.id });
    const before = headless.core;

    lines.length = 0;
    expect(await runBackupCli(['restore', path], { env, log: (l) => lines.push(l) })).toBe(0);
    expect(lines[0]).toMatch(
      new RegExp(
        `^The running dVersum at http://127.0.0.1:${port} restored ${path}\\. Paused after restoring`,
      ),
    );
    expect(headless.core).not.toBe(before);
    expect(await rpc('clients.get', { id: ada.id })).toMatchObject({ name: 'Ada Lovelace' });
    expect(await rpc('dispatch.status')).toMatchObject({
      paused: true,
      pausedReason: expect.stringMatching(reason),
    });
  });
});
