/**
 * The processes the n8n test starts: each in its own process group, its output
 * kept for the failure message, waited on with a deadline, and stopped by its
 * own pid (SIGTERM to its group, SIGKILL after a grace period).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
export { freePort } from '../../../test/support/free-port';

export interface Started {
  child: ChildProcess;
  output(): string;
  /** Resolves once the output matches; rejects if the process exits first or after `ms`. */
  waitFor(pattern: RegExp, ms: number): Promise<RegExpExecArray>;
  stop(): Promise<void>;
}

export function start(command: string, args: string[], options: SpawnOptions): Started {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => output,
    waitFor: (pattern, ms) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (!match) return;
          done();
          resolve(match);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${command} printed no ${pattern} within ${ms} ms:\n${output.slice(-4000)}`));
        }, ms);
        const onExit = () => {
          done();
          reject(
            new Error(`${command} exited with ${child.exitCode} before ${pattern}:\n${output.slice(-4000)}`),
          );
        };
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
          child.off('exit', onExit);
        };
        listeners.add(check);
        child.once('exit', onExit);
        check();
      }),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      const group = -child.pid;
      try {
        process.kill(group, 'SIGTERM');
      } catch {
        return;
      }
      const killer = setTimeout(() => {
        try {
          process.kill(group, 'SIGKILL');
        } catch {
          /* gone already */
        }
      }, 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** Runs a command to its end; rejects with its output when it fails or takes longer than `ms`. */
export async function run(
  command: string,
  args: string[],
  options: SpawnOptions,
  ms: number,
): Promise<string> {
  const started = start(command, args, options);
  const timer = setTimeout(() => void started.stop(), ms);
  const code = await new Promise<number | null>((resolve) => started.child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  if (code !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${code}):\n${started.output().slice(-4000)}`);
  return started.output();
}

/** Polls `probe` every second until it returns a value, or throws after `ms` with what it last saw. */
export async function eventually<T>(
  what: string,
  ms: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not within ${ms} ms${last ? ` (${String(last)})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
