/**
 * kill -9 of `npm run serve` (main/headless/serve.ts) during a burst of
 * incoming creates, each with its own Idempotency-Key, then a restart on the
 * same data folder and a retry of every key: each answers 201, with the first
 * answer where the client got one, never a 409, and no key makes two tasks.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runServe, type Child } from './child-process.js';

const TOTAL = 300;
const CONCURRENCY = 16;
const KILL_AFTER = 80;

const children: Child[] = [];
let dataDir: string | undefined;
afterEach(() => {
  for (const child of children.splice(0)) if (child.process.exitCode === null) child.process.kill('SIGKILL');
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function serve(dir: string): Promise<{ child: Child; url: string }> {
  const child = runServe({ DVERSUM_DATA_DIR: dir, DVERSUM_HOST: '127.0.0.1', DVERSUM_PORT: '0' });
  children.push(child);
  const line = await child.waitForLine(/running \(headless\) at http:\/\/\S+/, 60_000);
  return { child, url: /(http:\/\/\S+)/.exec(line)![1] };
}

interface Answer {
  status: number;
  body: { id?: string; title?: string; error?: { message: string } };
}

const createTask = async (url: string, apiKey: string, i: number): Promise<Answer> => {
  const res = await fetch(`${url}/api/v1/webhooks/incoming/tasks`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      'idempotency-key': `burst-${i}`,
    },
    body: JSON.stringify({ title: `burst ${i}` }),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
};

describe('kill -9 during a burst of idempotent creates', () => {
  it(
    'after the restart every retry answers 201 (the first answer, or a fresh create), never 409, and no key makes two tasks',
    { timeout: 180_000 },
    async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'dversum-idempotency-crash-'));
      const first = await serve(dataDir);
      const token = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
      const admin = (name: string, body: unknown) =>
        fetch(`${first.url}/admin/rpc/${name}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      // Twice TOTAL calls in a few seconds: past the default 100 a minute per key.
      expect((await admin('settings.update', { rateLimits: { incomingPerMinute: 0 } })).status).toBe(200);
      const made = await admin('keys.create', { name: 'burst', permissions: ['tasks:write'] });
      const { key: apiKey } = (await made.json()) as { key: string };

      // The burst: CONCURRENCY requests at a time; killed once KILL_AFTER have been answered.
      const answered = new Map<number, Answer>();
      let next = 0;
      let killed = false;
      const exited = first.child.exited;
      const worker = async () => {
        while (!killed && next < TOTAL) {
          const i = next++;
          try {
            const answer = await createTask(first.url, apiKey, i);
            if (!killed) answered.set(i, answer);
            if (answered.size >= KILL_AFTER && !killed) {
              killed = true;
              first.child.process.kill('SIGKILL');
            }
          } catch {
            // The connection died with the process: this request has no answer.
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      expect((await exited).signal).toBe('SIGKILL');
      expect(answered.size).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(answered.size).toBeLessThan(TOTAL); // the kill did land mid-burst
      for (const answer of answered.values()) expect(answer.status).toBe(201);

      const restarted = await serve(dataDir);
      const retries = new Map<number, Answer>();
      let cursor = 0;
      const retryWorker = async () => {
        while (cursor < TOTAL) {
          const i = cursor++;
          retries.set(i, await createTask(restarted.url, apiKey, i));
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, retryWorker));

      const refused = [...retries].filter(([, a]) => a.status !== 201).map(([i, a]) => `${i}: ${a.status}`);
      expect(refused).toEqual([]);
      for (const [i, answer] of answered) expect(retries.get(i)?.body.id, `burst-${i}`).toBe(answer.body.id);
      for (const [i, answer] of retries) expect(answer.body.title).toBe(`burst ${i}`);

      const db = new Database(join(dataDir, 'dversum.db'), { readonly: true });
      const twice = db.prepare('SELECT title, count(*) AS n FROM tasks GROUP BY title HAVING n > 1').all();
      const total = (db.prepare('SELECT count(*) AS n FROM tasks').get() as { n: number }).n;
      db.close();
      expect(twice).toEqual([]);
      expect(total).toBe(TOTAL);
      expect(new Set([...retries.values()].map((a) => a.body.id)).size).toBe(TOTAL);
    },
  );
});
