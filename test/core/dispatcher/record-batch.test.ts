/**
 * An answer waits for its webhook's other answers in flight so that their attempts share
 * one group commit (`record-batch.ts`): far fewer commits, each delivery sent once, every
 * attempt recorded; and a slot is still freed only once its attempt committed (a 410's
 * disable stops what would follow).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../support/core.js';
import { Receiver, type Responder } from '../../support/receiver.js';
import { countStatements } from '../../support/statements.js';

let h: Harness | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  await receiver?.close();
  receiver = undefined;
});

describe('answers recorded together', () => {
  it('200 deliveries at 4 in flight: each sent once, all recorded, in less than half as many commits', async () => {
    receiver = await Receiver.start();
    const harness = openHarness();
    h = harness;
    await harness.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    const events = 200;
    const ids = Array.from({ length: events }, (_, i) =>
      harness.record('task.created', { id: `tsk_${i}`, title: `Task ${i}` }),
    );
    const statements = countStatements(harness.core);
    try {
      await harness.core.dispatcher.runDue();
    } finally {
      statements.stop();
    }
    expect(
      receiver
        .bodies()
        .map((body) => body.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(statements.count(/^insert into "delivery_attempts"/)).toBe(events);
    const commits = statements.count(/^COMMIT/i);
    // Each answer recorded in the turn it came: 152 commits here (1.3 attempts a commit, the receiver sharing
    // this thread). Each waiting for its webhook's other answers: 66 (about 3 a commit, the fan-out's among them).
    expect(commits).toBeLessThanOrEqual(events / 2);
    const { items } = await harness.call('log.list', { limit: 200 });
    expect(items).toHaveLength(events);
    expect(
      items.every(
        (item: { status: string; attempt: number }) => item.status === 'success' && item.attempt === 1,
      ),
    ).toBe(true);
    expect(await harness.call('dispatch.status')).toEqual({ paused: false, held: 0, failing: 0 });
  });

  it('a slot is freed only once its attempt committed: after a 410 nothing more goes out than was in flight', async () => {
    receiver = await Receiver.start();
    const gone: Responder = (_req, res) => {
      res.writeHead(410);
      res.end('gone');
    };
    receiver.respond = gone;
    const harness = openHarness();
    h = harness;
    await harness.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    for (let i = 0; i < 40; i++) harness.record('task.created', { id: `tsk_${i}`, title: `Task ${i}` });
    await harness.core.dispatcher.runDue();
    // The 4 in flight when the first 410 came; its slot freed only once the disable committed.
    expect(receiver.received).toHaveLength(4);
    const { items } = await harness.call('log.list', { limit: 50 });
    const statuses = items.map((item: { status: string }) => item.status);
    expect(statuses.filter((status: string) => status === 'failed')).toHaveLength(4);
    expect(statuses.filter((status: string) => status === 'skipped')).toHaveLength(36);
  });
});
