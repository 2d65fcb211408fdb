/** Runs a TypeScript fixture in a child Node process (through tsx) and reads its stdout by lines. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Child {
  process: ChildProcessWithoutNullStreams;
  /** Resolves with the first stdout line matching `pattern`; rejects if the child exits first. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** Headless mode itself, main/headless/serve.ts, as `npm run serve` runs it (under tsx here). */
export function runServe(env: NodeJS.ProcessEnv): Child {
  return runScript(fileURLToPath(new URL('../../main/headless/serve.ts', import.meta.url)), [], env);
}

/**
 * Headless mode under a parent that never reaps it: a shell starts it in the
 * background, prints `pid <its pid>` and becomes `sleep`, as a container's PID 1
 * without an init may behave. Killed, the server stays a zombie (its pid still
 * answers kill(pid, 0)) until this child, the sleeping parent, is killed.
 */
export function runServeUnreaped(env: NodeJS.ProcessEnv): Child {
  const serve = fileURLToPath(new URL('../../main/headless/serve.ts', import.meta.url));
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  const server = [process.execPath, '--import', 'tsx', serve].map(quote).join(' ');
  return runCommand('/bin/sh', ['-c', `${server} & echo "pid $!"; exec sleep 600`], env);
}

/** `npm run serve` itself: npm, the shell it runs the script in, scripts/serve.mjs, then the server. */
export function runNpmServe(env: NodeJS.ProcessEnv): Child {
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  return runCommand('npm', ['run', 'serve'], env, repo);
}

/** `npm start` itself (with DVERSUM_HEADLESS=1 its headless fallback): npm, its shell, scripts/start.mjs, the server. */
export function runNpmStart(env: NodeJS.ProcessEnv): Child {
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  return runCommand('npm', ['start'], env, repo);
}

export function runFixture(name: string, args: string[], env: NodeJS.ProcessEnv = {}): Child {
  return runScript(fixturePath(name), args, env);
}

function runScript(file: string, args: string[], env: NodeJS.ProcessEnv): Child {
  return runCommand(process.execPath, ['--import', 'tsx', file, ...args], env);
}

function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Child {
  const child = spawn(command, args, {
    env: { ...process.env, ...env },
    ...(cwd ? { cwd } : {}),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let lineBuffer = '';
  const seen: string[] = [];
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  child.stdout.on('data', (chunk: string) => {
    stdout += chunk;
    lineBuffer += chunk;
    let newline: number;
    while ((newline = lineBuffer.indexOf('\n')) >= 0) {
      const line = lineBuffer.slice(0, newline);
      lineBuffer = lineBuffer.slice(newline + 1);
      seen.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    exited,
    output: () => stdout + stderr,
    waitForLine(pattern, timeoutMs = 30_000) {
      const already = seen.find((line) => pattern.test(line));
      if (already !== undefined) return Promise.resolve(already);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${stdout}${stderr}`),
            ),
          timeoutMs,
        );
        waiters.push({
          pattern,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then(({ code, signal }) => {
          clearTimeout(timer);
          reject(
            new Error(
              `child exited (${code ?? signal}) before a line matching ${pattern}; output:\n${stdout}${stderr}`,
            ),
          );
        });
      });
    },
  };
}
