/**
 * The headless server as the user runs it (`node --import tsx
 * main/headless/serve.ts`) in a child process, on a temporary data folder and
 * a free loopback port; its admin token read from <data dir>/admin-token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
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
  stop(): Promise<void>;
}

export interface RpcErrorBody {
  error?: { code: string; message: string; details?: { fields?: { path: string; message: string }[] } };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function startHeadless(
  options: {
    startupTimeoutMs?: number;
    /** An existing data folder (removed on stop too). */ dataDir?: string;
  } = {},
): Promise<HeadlessServer> {
  const timeoutMs = options.startupTimeoutMs ?? 90_000;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'dversum-e2e-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'main/headless/serve.ts'], {
    cwd: REPO,
    env: { ...process.env, DVERSUM_DATA_DIR: dataDir, DVERSUM_PORT: String(port), DVERSUM_HOST: '127.0.0.1' },
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
  const baseUrl = `http://127.0.0.1:${port}`;

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
    const healthy = await fetch(`${baseUrl}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
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
