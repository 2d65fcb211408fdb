/**
 * `npm run test:n8n`: the package in a real n8n 2.8.4 against a real headless
 * dVersum. The workflow "dVersum Trigger (task.created) → dVersum (create a
 * client)" is imported with its credential and published through n8n's CLI;
 * then n8n starts and activates it (the trigger subscribes through
 * POST /api/v1/webhooks), a task made through dVersum's API creates the
 * client, and deactivating it through n8n's REST API (what the editor's
 * toggle calls, and what runs the trigger's webhookMethods.delete) removes
 * the subscription. The CLI's unpublish:workflow only changes the database and
 * would leave the subscription behind.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, freePort, run, start, type Started } from './processes';
import { installN8n } from '../scripts/n8n-install.mjs';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = join(packageDir, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'dversum-n8n-'));
const started: Started[] = [];

const CREDENTIAL_ID = 'dversumCred00001';
const WORKFLOW_ID = 'dversumFlow00001';
const BROWSER = { 'browser-id': 'dversum-n8n-test' };

let dversum: string;
let n8nUrl: string;
let adminToken: string;
let n8nEnv: NodeJS.ProcessEnv;
let n8nBin: string;

async function rpc(name: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${dversum}/admin/rpc/${name}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${name}: ${response.status} ${await response.text()}`);
  return response.json();
}

async function api<T>(key: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${dversum}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * The children's environment: vitest's own variables left out, above all NODE_ENV=test, under which
 * n8n neither logs nor listens.
 */
const childEnv = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST'))),
  NODE_ENV: 'production',
  ...extra,
});

const n8nCli = (...args: string[]) =>
  run(process.execPath, [n8nBin, ...args], { env: n8nEnv, cwd: work }, 180_000);

beforeAll(async () => {
  n8nBin = installN8n();
  await run('npm', ['run', 'build'], { cwd: packageDir }, 120_000);

  const dversumProcess = start(
    process.execPath,
    ['--import', 'tsx', join(repoRoot, 'main/headless/serve.ts')],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        DVERSUM_DATA_DIR: join(work, 'dversum'),
        DVERSUM_PORT: '0',
        DVERSUM_HOST: '127.0.0.1',
      },
    },
  );
  started.push(dversumProcess);
  dversum = (await dversumProcess.waitFor(/running \(headless\) at (http:\/\/\S+)/, 60_000))[1];
  adminToken = readFileSync(join(work, 'dversum', 'admin-token'), 'utf8').trim();

  const port = await freePort();
  n8nUrl = `http://127.0.0.1:${port}`;
  n8nEnv = childEnv({
    N8N_USER_FOLDER: join(work, 'n8n'),
    N8N_CUSTOM_EXTENSIONS: packageDir,
    N8N_PORT: String(port),
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_HOST: '127.0.0.1',
    WEBHOOK_URL: `${n8nUrl}/`,
    N8N_ENCRYPTION_KEY: 'dversum-n8n-test-encryption-key',
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_SECURE_COOKIE: 'false',
    N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
    N8N_LOG_LEVEL: 'info',
    DB_TYPE: 'sqlite',
  });
}, 1_800_000);

afterAll(async () => {
  for (const process of started.reverse()) await process.stop();
  rmSync(work, { recursive: true, force: true });
}, 60_000);

describe('n8n 2.8.4 with n8n-nodes-dversum', () => {
  it('new task → create client: activation subscribes, a task creates the client, deactivation unsubscribes', async () => {
    type Subscription = { id: string; url: string; events: string[] };
    const created = (await rpc('keys.create', {
      name: 'n8n',
      permissions: ['webhooks:manage', 'tasks:read', 'clients:write', 'clients:read'],
    })) as { key: string };
    const n8nKey = created.key;
    const taskKey = (
      (await rpc('keys.create', { name: 'tasks', permissions: ['tasks:write'] })) as { key: string }
    ).key;
    // The test watches with keys of its own: the n8n key's rate limit (100 a minute) stays n8n's.
    const watchKey = (
      (await rpc('keys.create', { name: 'watch', permissions: ['clients:read'] })) as { key: string }
    ).key;
    const subscriptionsOfN8n = async () =>
      ((await rpc('webhooks.list', {})) as { items: (Subscription & { source: string })[] }).items.filter(
        (w) => w.source === 'api',
      );

    writeFileSync(
      join(work, 'credentials.json'),
      JSON.stringify([
        {
          id: CREDENTIAL_ID,
          name: 'dVersum',
          type: 'dversumApi',
          data: { baseUrl: dversum, apiKey: n8nKey },
        },
      ]),
    );
    const credentials = { dversumApi: { id: CREDENTIAL_ID, name: 'dVersum' } };
    writeFileSync(
      join(work, 'workflow.json'),
      JSON.stringify({
        id: WORKFLOW_ID,
        name: 'dVersum Trigger (task.created) → dVersum (create a client)',
        active: false,
        settings: { executionOrder: 'v1' },
        nodes: [
          {
            id: randomUUID(),
            name: 'dVersum Trigger',
            type: 'CUSTOM.dversumTrigger',
            typeVersion: 1,
            position: [0, 0],
            webhookId: randomUUID(),
            parameters: { events: ['task.created'] },
            credentials,
          },
          {
            id: randomUUID(),
            name: 'dVersum',
            type: 'CUSTOM.dversum',
            typeVersion: 1,
            position: [300, 0],
            parameters: {
              resource: 'client',
              operation: 'create',
              name: '={{ "From task: " + $json.data.title }}',
              additionalFields: { notes: '={{ $json.data.id }}' },
            },
            credentials,
          },
        ],
        connections: { 'dVersum Trigger': { main: [[{ node: 'dVersum', type: 'main', index: 0 }]] } },
      }),
    );
    await n8nCli('import:credentials', `--input=${join(work, 'credentials.json')}`);
    await n8nCli('import:workflow', `--input=${join(work, 'workflow.json')}`);
    await n8nCli('publish:workflow', `--id=${WORKFLOW_ID}`);

    const n8n = start(process.execPath, [n8nBin, 'start'], { env: n8nEnv, cwd: work });
    started.push(n8n);
    await eventually('n8n answers /healthz/readiness', 180_000, async () =>
      (await fetch(`${n8nUrl}/healthz/readiness`)).ok ? true : undefined,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\n${n8n.output().slice(-4000)}`);
    });

    // Activation: the trigger subscribed n8n's production webhook URL to task.created.
    const subscription = await eventually('the trigger subscribes', 120_000, async () => {
      return (await subscriptionsOfN8n())[0];
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${n8n.output().slice(-4000)}`);
    });
    expect(subscription.events).toEqual(['task.created']);
    expect(subscription.url).toMatch(new RegExp(`^${n8nUrl}/webhook/[0-9a-f-]+/webhook$`));

    // A task made through the API: dVersum delivers task.created, n8n creates the client.
    const task = await api<{ id: string }>(taskKey, 'POST', '/api/v1/webhooks/incoming/tasks', {
      title: 'Website relaunch',
    });
    type Client = { name: string; notes: string | null };
    const client = await eventually('the workflow creates the client', 60_000, async () => {
      const { items } = await api<{ items: Client[] }>(watchKey, 'GET', '/api/v1/clients');
      return items.find((c) => c.notes === task.id);
    }).catch((error: Error) => {
      throw new Error(`${error.message}\n${n8n.output().slice(-4000)}`);
    });
    expect(client.name).toBe('From task: Website relaunch');

    // Deactivation through n8n's REST API, as the owner: the trigger unsubscribes.
    const setup = await fetch(`${n8nUrl}/rest/owner/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...BROWSER },
      body: JSON.stringify({
        email: 'owner@example.com',
        firstName: 'Owner',
        lastName: 'Test',
        password: 'Passw0rd-dversum',
      }),
    });
    expect(setup.status, await setup.clone().text()).toBe(200);
    const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0];
    const deactivate = await fetch(`${n8nUrl}/rest/workflows/${WORKFLOW_ID}/deactivate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, ...BROWSER },
      body: '{}',
    });
    expect(deactivate.status, await deactivate.clone().text()).toBe(200);
    expect(await subscriptionsOfN8n()).toEqual([]);
    expect(await api(n8nKey, 'GET', '/api/v1/webhooks')).toEqual({ items: [] });
  }, 600_000);
});
