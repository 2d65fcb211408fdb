/** Starts a bench child (a TypeScript file run through tsx) and waits for its `{"ready":true,…}` line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BenchChild<T> {
  process: ChildProcess;
  info: T;
  stop(): Promise<void>;
}

export function benchFile(relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url));
}

export function startChild<T extends object>(
  relative: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): Promise<BenchChild<T>> {
  const child = spawn(process.execPath, ['--import', 'tsx', benchFile(relative), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A child never outlives the bench, whatever way the bench ends.
  const killChild = () => child.kill('SIGKILL');
  process.on('exit', killChild);
  child.once('exit', () => process.removeListener('exit', killChild));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${relative} not ready within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    let pending = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      if (output.length < 100_000) output += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{"ready":true')) continue;
        clearTimeout(timer);
        const info = JSON.parse(line) as T;
        resolve({
          process: child,
          info,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
              setTimeout(() => child.kill('SIGKILL'), 5000).unref();
            }),
        });
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${relative} exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}
