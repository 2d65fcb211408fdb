/** `main/headless/serve.ts` as a child process on a free port, over a real loopback socket. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'dversum-headless-'));
let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

/** Resolves with the server's URL once it prints it; rejects on exit or after `ms`. */
function waitForUrl(proc: ChildProcess, ms: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no URL within ${ms} ms:\n${output}`)), ms);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running \(headless\) at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}

describe('headless mode', () => {
  it('starts, answers /healthz, serves the contract and the API, and stops cleanly on SIGTERM', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', join(root, 'main/headless/serve.ts')], {
      cwd: root,
      env: { ...process.env, DVERSUM_DATA_DIR: dataDir, DVERSUM_PORT: '0', DVERSUM_HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const url = await waitForUrl(child, 45_000);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });

    const tokenFile = join(dataDir, 'admin-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(32);

    // The newcomer's path: a key through the admin contract, then a task with it.
    const created = await fetch(`${url}/admin/rpc/keys.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'n8n', permissions: ['tasks:write'] }),
    });
    expect(created.status).toBe(200);
    const { key } = (await created.json()) as { key: string };
    const task = await fetch(`${url}/api/v1/webhooks/incoming/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'New email: website relaunch' }),
    });
    expect(task.status).toBe(201);

    const info = await fetch(`${url}/admin/rpc/app.info`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await info.json()).toMatchObject({ serverUrl: url, docsUrl: `${url}/api/docs`, mode: 'headless' });

    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    // The same token on the next start.
    const second = spawn(process.execPath, ['--import', 'tsx', join(root, 'main/headless/serve.ts')], {
      cwd: root,
      env: { ...process.env, DVERSUM_DATA_DIR: dataDir, DVERSUM_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = second;
    const url2 = await waitForUrl(second, 45_000);
    const again = await fetch(`${url2}/admin/rpc/tasks.list`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { items: unknown[] }).items).toHaveLength(1);
    const stopped = new Promise<number | null>((resolve) => second.once('exit', (code) => resolve(code)));
    second.kill('SIGINT');
    expect(await stopped).toBe(0);
  }, 120_000);
});
