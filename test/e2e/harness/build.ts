/**
 * Builds the window when out/renderer is missing or older than its sources.
 * Test files run in parallel, so one build at a time: a lock folder (mkdir is
 * atomic) with a bounded wait.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../..', import.meta.url));
const OUT_INDEX = join(REPO, 'out/renderer/index.html');
const LOCK = join(REPO, 'out/.renderer-build.lock');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isStale(): boolean {
  if (!existsSync(OUT_INDEX)) return true;
  const sources = Math.max(newestMtime(join(REPO, 'renderer')), newestMtime(join(REPO, 'contract')));
  return statSync(OUT_INDEX).mtimeMs < sources;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function ensureRendererBuilt(timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  mkdirSync(join(REPO, 'out'), { recursive: true });
  for (;;) {
    if (!isStale()) return;
    try {
      mkdirSync(LOCK);
    } catch {
      // Another test file is building; a lock older than the timeout is a leftover.
      if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > timeoutMs)
        rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('Timed out waiting for another renderer build');
      await pause(500);
      continue;
    }
    try {
      if (isStale()) {
        execFileSync(
          process.execPath,
          [
            join(REPO, 'node_modules/vite/bin/vite.js'),
            'build',
            '--config',
            'renderer/vite.config.ts',
            '--logLevel',
            'warn',
          ],
          {
            cwd: REPO,
            stdio: 'pipe',
            timeout: timeoutMs,
          },
        );
      }
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
