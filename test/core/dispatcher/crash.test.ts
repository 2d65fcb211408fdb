import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock.js';
import { openHarness, tempDir, type Harness } from '../../support/core.js';
import { answer, Receiver } from '../../support/receiver.js';

const CHILD = fileURLToPath(new URL('./fixtures/crash-child.ts', import.meta.url));

let h: Harness | undefined;
let receiver: Receiver;
afterEach(async () => {
  await h?.core.close();
  await receiver?.close();
});

describe('a crash mid-delivery', () => {
  it('kill -9 with retries pending and requests in flight loses no event: each is delivered after the restart', async () => {
    const { dir, remove } = tempDir();
    receiver = await Receiver.start();
    // The child records hand-made events (`{ n }`), which no catalog schema describes.
    receiver.checkEvents = false;
    // The first four fail (retries planned); after that the receiver holds every request open.
    receiver.respond = (req, res, body) =>
      receiver.received.length <= 4 ? answer(500)(req, res, body) : undefined;

    const count = 20;
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, receiver.url, String(count)], {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    await receiver.waitFor(8, 15_000); // 4 failed, 4 held open mid-delivery
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Restarted three hours later, on the same file; the receiver is healthy now.
    receiver.respond = answer(200);
    const seenBefore = receiver.received.length;
    h = openHarness({ dataDir: dir, clock: new ManualClock(Date.now() + 3 * 3_600_000) });
    expect(await h.call('dispatch.status')).toMatchObject({ held: count });
    await h.core.start();
    await receiver.waitFor(seenBefore + count, 10_000);
    await h.core.dispatcher.idle();

    const delivered = new Set(
      receiver.received.slice(seenBefore).map((r) => (JSON.parse(r.body) as { data: { n: number } }).data.n),
    );
    expect([...delivered].sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
    const status = await h.call('dispatch.status');
    expect(status).toEqual({ paused: false, held: 0, failing: 0 });
    const { items } = await h.call('log.list', { status: 'success', limit: 100 });
    expect(items).toHaveLength(count);
    // The four that had failed before the crash carry that attempt in their history.
    expect(items.filter((d: { attempt: number }) => d.attempt === 2)).toHaveLength(4);
    await h.core.close();
    h = undefined;
    remove();
  });
});
