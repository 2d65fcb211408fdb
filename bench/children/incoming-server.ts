/**
 * The server side of the incoming bench, in its own process (autocannon, in
 * the parent, gets the other core). `bare`: a Fastify route that parses the
 * JSON body and answers 201, nothing else. `app`: the real server on a fresh
 * data folder, with an API key allowed `tasks:write` and the rate limits lifted
 * by the bench's own settings.
 */
import Fastify from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const mode = process.argv[2];

async function bare(): Promise<{ port: number }> {
  const app = Fastify({ logger: false });
  let n = 0;
  app.post('/api/v1/webhooks/incoming/tasks', async (request, reply) => {
    const body = request.body as Record<string, unknown>;
    reply.code(201);
    return { id: `tsk_${++n}`, ...body };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return { port: typeof address === 'object' && address ? address.port : 0 };
}

async function real(): Promise<{ port: number; key: string }> {
  const { createCore } = await import('../../main/core/core.js');
  const { buildServer } = await import('../../main/core/server/app.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'dversum-bench-incoming-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const core = createCore({ dataDir });
  core.settings.update({ rateLimits: { incomingPerMinute: 0, apiCallsPerDay: 0 } });
  const { key } = core.keys.create({ name: 'bench', permissions: ['tasks:write'] });
  await core.start();
  const app = await buildServer(core, {});
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  process.on('SIGTERM', () => {
    void app
      .close()
      .then(() => core.close())
      .then(() => process.exit(0));
  });
  return { port: typeof address === 'object' && address ? address.port : 0, key };
}

const info = mode === 'bare' ? await bare() : await real();
process.stdout.write(`${JSON.stringify({ ready: true, ...info })}\n`);
