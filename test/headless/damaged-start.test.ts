/**
 * `npm run serve` on a damaged database, or on a file that is no database:
 * it stops with one message that names the file, says it is damaged, and
 * gives the way back (the newest backup and the command), with no stack and
 * the file untouched; `npm run restore -- <that backup>` then brings it back
 * (the damaged file kept beside it) and the next start is clean.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../main/core/clock.js';
import { createCore } from '../../main/core/core.js';
import { runBackupCli } from '../../main/headless/backup-cli.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** `npm run serve` as a child on `dataDir`: its exit code and what it wrote. */
function serve(dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'main/headless/serve.ts')], {
      cwd: root,
      env: { ...process.env, DVERSUM_DATA_DIR: dataDir, DVERSUM_PORT: '0', DVERSUM_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A data folder with a client and two backups; returns the newest backup's path. */
async function folderWithBackups(): Promise<{ dataDir: string; newest: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dversum-damaged-'));
  dirs.push(dataDir);
  const clock = new ManualClock();
  const core = createCore({ dataDir, clock });
  core.clients.create({ name: 'Ada Lovelace' });
  await core.backups.create('daily');
  clock.advance(60_000);
  const newest = await core.backups.create('manual');
  await core.close();
  return { dataDir, newest: newest.path };
}

function advice(file: string, newest: string): string {
  return (
    `dVersum did not start on it and changed nothing. Restore the newest backup, ${newest}: ` +
    `run npm run restore -- ${newest} (or, in the desktop app, move ${file} aside, start dVersum ` +
    'and restore it in Settings > General > Backups).'
  );
}

describe('npm run serve on a damaged database', () => {
  it('stops naming the file and the way back, changes nothing; npm run restore then brings the newest backup back', async () => {
    const { dataDir, newest } = await folderWithBackups();
    const file = join(dataDir, 'dversum.db');
    const bytes = readFileSync(file);
    // Page 2 onwards overwritten: the header still says SQLite, the b-trees are garbage.
    bytes.fill(0x5a, 4096, Math.min(bytes.length, 4096 * 6));
    writeFileSync(file, bytes);
    const before = sha(file);

    const { code, stdout, stderr } = await serve(dataDir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      new RegExp(
        `^dVersum could not start: The database ${escape(file)} is damaged \\([^\\n]+\\): ${escape(advice(file, newest))}\\n$`,
      ),
    );
    expect(sha(file)).toBe(before);

    const lines: string[] = [];
    expect(await runBackupCli(['restore', newest], { env: { dataDir }, log: (l) => lines.push(l) })).toBe(0);
    const kept = readdirSync(dataDir).find((name) => name.startsWith('dversum.db.damaged-'))!;
    expect(lines[0]).toBe(`Restored ${newest}. The damaged database is kept as ${join(dataDir, kept)}.`);
    expect(sha(join(dataDir, kept))).toBe(before);

    const core = createCore({ dataDir });
    expect(core.clients.list({}).items.map((c) => c.name)).toEqual(['Ada Lovelace']);
    expect(core.dispatcher.status()).toMatchObject({ paused: true });
    await core.close();
  });

  it('a file that is no database at all', async () => {
    const { dataDir, newest } = await folderWithBackups();
    const file = join(dataDir, 'dversum.db');
    writeFileSync(file, 'this is a spreadsheet someone saved over the database, not SQLite at all');
    const { code, stderr } = await serve(dataDir);
    expect(code).toBe(1);
    expect(stderr).toBe(
      `dVersum could not start: The database ${file} is damaged (file is not a database): ${advice(file, newest)}\n`,
    );
  });
});
