/**
 * What a delivery costs on disk stays where the index diet left it (issue 22): 2,000 tasks with a
 * 200-character description made through the contract handler, each delivered by the dispatcher
 * to one webhook on a loopback receiver, then `dbstat` over deliveries, delivery_attempts, outbox
 * and their indexes. A fat new index (an unpartial one on deliveries is about 45–90 bytes a
 * delivery) or a column stored twice fails it. Not timed: the bench (`npm run bench -- bytes`)
 * measures 20,000 and the 1,000,000-row seed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { storeOf } from '../../../main/core/store/database.js';
import { storedBytes } from '../../../main/core/store/storage-bytes.js';
import { openHarness, type Harness } from '../../support/core.js';
import { startReceiver, type Receiver } from '../../support/receiver.js';

const TASKS = 2000;
/**
 * Bytes per delivery after migration 0007 measured 1,350–1,370 here (2,011 before); after 0009 (the
 * outbox's data packed, signatures as bytes) about 890; after 0010 (an attempt refers to its
 * delivery's seq, no `deliveries_created_idx`) 790.
 */
const BOUND = 850;
const DESCRIPTION = 'Call the client back about the new quote; bring the figures from last month. '
  .repeat(3)
  .slice(0, 200);

let h: Harness | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await h?.close();
  await receiver?.close();
});

describe('bytes per delivery', () => {
  it(`${TASKS} tasks made through the API to one webhook stay under ${BOUND} B a delivery`, async () => {
    receiver = await startReceiver();
    h = openHarness();
    h.core.settings.update({ rateLimits: { outgoingPerHour: 0 } }); // all 2,000 in one hour of the ManualClock
    await h.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['task.created'] });
    await h.core.start();
    for (let i = 0; i < TASKS; i++) {
      await h.call('tasks.create', { title: `Task ${i + 1}`, description: DESCRIPTION });
    }
    await receiver.waitFor(TASKS, 120_000);
    const { sqlite } = storeOf(h.core.store);
    const sent = () =>
      sqlite.prepare("SELECT count(*) FROM deliveries WHERE status = 'success'").pluck().get();
    await expect.poll(sent, { timeout: 20_000 }).toBe(TASKS);
    const bytes = storedBytes(sqlite);
    const perDelivery = Object.fromEntries(
      bytes.byName.map((row) => [row.name, Math.round(row.bytes / TASKS)]),
    );
    expect(bytes.total / TASKS, JSON.stringify(perDelivery)).toBeLessThanOrEqual(BOUND);
  }, 180_000);
});
