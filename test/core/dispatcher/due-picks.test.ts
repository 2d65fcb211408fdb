/**
 * The loop picks a webhook's due deliveries ahead and refills freed slots from
 * that pick (`due-picks.ts`). What the pick holds must never outlive a change
 * that made those deliveries no longer due.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../../support/core.js';
import { answer, holding, Receiver } from '../../support/receiver.js';
import { countStatements } from '../../support/statements.js';
import { PICK_AHEAD } from '../../../main/core/dispatcher/due-picks.js';

let h: Harness | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await h?.core.close();
  h = undefined;
  await receiver?.close();
  receiver = undefined;
});

describe('deliveries picked ahead', () => {
  it('a webhook disabled and enabled again while its first sends are in flight: what the disable skipped is never sent', async () => {
    receiver = await Receiver.start();
    const slow = holding(10_000);
    receiver.respond = slow.responder;
    const harness = openHarness();
    h = harness;
    const hook = (await harness.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] })) as {
      id: string;
    };
    harness.clock.advance(1); // the pick is made after the row's last change: it is kept for the next rounds
    for (let i = 0; i < 40; i++) harness.record('task.created', { id: `tsk_${i}`, title: `Task ${i}` });
    const sent = harness.core.dispatcher.runDue();
    await receiver.waitFor(4, 5_000);
    // In the same millisecond: off (its 36 waiting deliveries skipped), then on again; no wake.
    await harness.call('webhooks.setEnabled', { id: hook.id, enabled: false });
    await harness.call('webhooks.setEnabled', { id: hook.id, enabled: true });
    receiver.respond = answer(200, 'ok');
    slow.release();
    await sent;
    await harness.core.dispatcher.idle();
    expect(receiver.received).toHaveLength(4);
    const { items } = await harness.call('log.list', { status: 'skipped', limit: 100 });
    expect(items).toHaveLength(36);
    expect(await harness.call('dispatch.status')).toMatchObject({ held: 0 });
  });

  it('deliveries picked ahead go out in order, each once, and a new event waits for nothing', async () => {
    receiver = await Receiver.start();
    const harness = openHarness();
    h = harness;
    await harness.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    harness.clock.advance(1);
    const ids = Array.from({ length: 50 }, (_, i) =>
      harness.record('task.created', { id: `tsk_${i}`, title: `Task ${i}` }),
    );
    await harness.core.dispatcher.runDue();
    const late = harness.record('task.created', { id: 'tsk_late', title: 'Late' });
    await harness.core.dispatcher.runDue();
    const seen = receiver.received.map((r) => String(r.headers['webhook-id']));
    expect(seen).toHaveLength(51);
    expect(new Set(seen)).toEqual(new Set([...ids, late]));
    expect(seen.at(-1)).toBe(late);
  });

  it('the rounds that refill freed slots read what is due once per pick, not once per round', async () => {
    receiver = await Receiver.start();
    const harness = openHarness();
    h = harness;
    await harness.call('webhooks.create', { name: 'n8n', url: receiver.url, events: ['*'] });
    harness.clock.advance(1);
    const events = 200;
    for (let i = 0; i < events; i++) harness.record('task.created', { id: `tsk_${i}`, title: `Task ${i}` });
    const statements = countStatements(harness.core);
    try {
      await harness.core.dispatcher.runDue();
    } finally {
      statements.stop();
    }
    expect(receiver.received).toHaveLength(events);
    // One round per group commit (at most 4 attempts each): 50 rounds or more (each reads the webhooks), yet
    // one due read per pick of PICK_AHEAD (a pick with fewer left than slots free is read again, so each
    // serves at least PICK_AHEAD - 4), and at the end the last rounds' reads that find nothing more.
    const rounds = statements.count(/^select .*"webhooks"/);
    const dueReads = statements.count(/left join "outbox" .*"next_attempt_at" <= /);
    expect(rounds).toBeGreaterThanOrEqual(events / 4);
    expect(dueReads).toBeLessThanOrEqual(Math.ceil(events / (PICK_AHEAD - 4)) + 4);
  });
});
