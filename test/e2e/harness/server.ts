/**
 * The headless server as the user runs it (`node --import tsx
 * main/headless/serve.ts`) in a child process, on a temporary data folder and
 * a loopback port the child picks itself (DVERSUM_PORT=0; its address read
 * from the line it prints), so two test runs side by side never race for a
 * port or answer each other's /healthz; its admin token read from
 * <data dir>/admin-token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './build.js';

export interface HeadlessServer {
  baseUrl: string;
  token: string;
  dataDir: string;
  /** Calls a contract operation over /admin/rpc; throws with the error body on failure. */
  rpc<T = unknown>(name: string, input?: unknown): Promise<T>;
  /** The raw answer of an operation: status and body, for comparing a form's errors with the contract's. */
  rpcRaw(name: string, input?: unknown): Promise<{ status: number; body: RpcErrorBody }>;
  output(): string;
  /** The exit code or signal once the process has ended, else null. */
  exitStatus(): number | string | null;
  stop(): Promise<void>;
}

export interface RpcErrorBody {
  error?: { code: string; message: string; details?: { fields?: { path: string; message: string }[] } };
}

const RUNNING = /dVersum is running \(headless\) at (http:\/\/\S+)/;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startHeadless(
  options: {
    startupTimeoutMs?: number;
    /** An existing data folder (removed on stop too). */ dataDir?: string;
  } = {},
): Promise<HeadlessServer> {
  const timeoutMs = options.startupTimeoutMs ?? 90_000;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'dversum-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'main/headless/serve.ts'], {
    cwd: REPO,
    env: { ...process.env, DVERSUM_DATA_DIR: dataDir, DVERSUM_PORT: '0', DVERSUM_HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited: number | string | null = null;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? signal;
      resolve();
    }),
  );
  let baseUrl = '';

  const stop = async () => {
    if (exited === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exit.then(() => true), pause(10_000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await exit;
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) {
      await stop();
      throw new Error(`The headless server exited (${exited}) before answering /healthz:\n${output}`);
    }
    baseUrl ||= RUNNING.exec(output)?.[1] ?? '';
    const healthy =
      baseUrl !== '' &&
      (await fetch(`${baseUrl}/healthz`)
        .then((r) => r.ok)
        .catch(() => false));
    if (healthy) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The headless server did not answer /healthz within ${timeoutMs} ms:\n${output}`);
    }
    await pause(250);
  }
  const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();

  return {
    baseUrl,
    token,
    dataDir,
    output: () => output,
    exitStatus: () => exited,
    stop,
    async rpcRaw(name: string, input: unknown = {}) {
      const response = await fetch(`${baseUrl}/admin/rpc/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      return { status: response.status, body: (await response.json()) as RpcErrorBody };
    },
    async rpc<T>(name: string, input: unknown = {}): Promise<T> {
      const response = await fetch(`${baseUrl}/admin/rpc/${name}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(input),
      });
      const body = (await response.json()) as T;
      if (!response.ok) throw new Error(`${name} → ${response.status} ${JSON.stringify(body)}`);
      return body;
    },
  };
}
