/**
 * The esbuild bundle `npm run serve` runs, for the tests that start it: built once per file,
 * started on a fresh data folder, and killed with its folder removed after each test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll } from 'vitest';
import { buildHeadless } from '../../scripts/build-headless.mjs';

export interface RunningBundle {
  child: ChildProcess;
  /** What the server printed once listening. */
  url: string;
  dataDir: string;
}

/** Registers the file's build and clean-up; `start` runs the bundle on a new folder named with `prefix`. */
export function useHeadlessBundle(): { start(prefix: string): Promise<RunningBundle> } {
  let bundle: string;
  const running: { child: ChildProcess; dataDir: string }[] = [];
  beforeAll(async () => {
    const built = await buildHeadless();
    if (!built) throw new Error('esbuild is not installed');
    bundle = built;
  }, 120_000);
  afterEach(() => {
    for (const { child, dataDir } of running.splice(0)) {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
  return {
    async start(prefix) {
      const dataDir = mkdtempSync(join(tmpdir(), prefix));
      const child = spawn(process.execPath, [bundle], {
        env: { ...process.env, DVERSUM_DATA_DIR: dataDir, DVERSUM_PORT: '0', DVERSUM_HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      running.push({ child, dataDir });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${out}`)), 60_000);
        child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
          out += chunk;
          const match = /running \(headless\) at (http:\/\/\S+)/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
        child.once('exit', () => {
          clearTimeout(timer);
          reject(new Error(`exited:\n${out}`));
        });
      });
      return { child, url, dataDir };
    },
  };
}
