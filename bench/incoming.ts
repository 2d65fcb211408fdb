/**
 * Incoming POST /api/v1/webhooks/incoming/tasks (key check, validation,
 * insert, outbox row) with 50 connections over loopback, against a bare
 * Fastify route on the same machine. Goal: at least half the bare rate.
 */
import autocannon from 'autocannon';
import { startChild } from './lib/child.js';
import { goal, ratioDetail, type Section } from './lib/report.js';

const CONNECTIONS = 50;
const WARMUP_S = 2;
const DURATION_S = 8;
const PATH = '/api/v1/webhooks/incoming/tasks';
const BODY = JSON.stringify({
  title: 'Reply to the new e-mail',
  description: 'Subject: Quote request\n\nHello, could you send a quote for the spring campaign?',
  status: 'open',
});

interface Load {
  rate: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(port: number, key?: string): Promise<Load> {
  const options = {
    url: `http://127.0.0.1:${port}${PATH}`,
    method: 'POST',
    connections: CONNECTIONS,
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: BODY,
  };
  await autocannon({ ...options, duration: WARMUP_S });
  const result = await autocannon({ ...options, duration: DURATION_S });
  return {
    rate: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export async function benchIncoming(): Promise<Section> {
  const bareServer = await startChild<{ port: number }>('children/incoming-server.ts', ['bare']);
  const bare = await load(bareServer.info.port).finally(() => bareServer.stop());
  const appServer = await startChild<{ port: number; key: string }>('children/incoming-server.ts', ['app']);
  const app = await load(appServer.info.port, appServer.info.key).finally(() => appServer.stop());

  const notes: string[] = [];
  if (app.non2xx > 0 || app.errors > 0)
    notes.push(`the app answered ${app.non2xx} non-2xx and ${app.errors} errors/timeouts`);
  return {
    title: `Incoming POST ${PATH}, ${CONNECTIONS} connections, ${DURATION_S} s`,
    figures: [
      {
        name: 'requests per second',
        value: app.rate,
        unit: 'req/s',
        baseline: bare.rate,
        baselineName: 'bare Fastify',
      },
      { name: 'latency p50', value: app.p50, unit: 'ms', baseline: bare.p50, baselineName: 'bare Fastify' },
      { name: 'latency p99', value: app.p99, unit: 'ms', baseline: bare.p99, baselineName: 'bare Fastify' },
    ],
    goals: [
      goal(
        'incoming rate ≥ ½ the bare Fastify route',
        app.non2xx === 0 && app.rate >= bare.rate / 2,
        ratioDetail(app.rate, bare.rate, 0.5) + (app.non2xx > 0 ? `; ${app.non2xx} non-2xx answers` : ''),
      ),
    ],
    notes,
  };
}
