/**
 * The test button's events go through the outbox like any other, addressed to
 * one webhook: that webhook gets it whatever it subscribed to, and no other
 * webhook does, not even one subscribed to every event.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { failure, openHarness, type Harness } from '../../support/core.js';
import { Receiver } from '../../support/receiver.js';
import { storeOf } from '../../../main/core/store/database.js';

let h: Harness;
const receivers: Receiver[] = [];
afterEach(async () => {
  await h?.core.close();
  for (const r of receivers.splice(0)) await r.close();
});

describe('test events', () => {
  it('reach only the webhook they are sent to, as an outbox event with its own delivery', async () => {
    const target = await Receiver.start();
    const everything = await Receiver.start();
    receivers.push(target, everything);
    h = openHarness();
    const hook = await h.call('webhooks.create', {
      name: 'Zapier',
      url: target.url,
      events: ['invoice.paid'],
    });
    await h.call('webhooks.create', { name: 'n8n', url: everything.url, events: ['*'] });

    const { deliveryId } = await h.call('webhooks.sendTest', { id: hook.id, eventType: 'task.created' });
    await h.core.dispatcher.runDue();

    expect(target.bodies()).toMatchObject([{ type: 'task.created' }]);
    expect(everything.received).toHaveLength(0);
    const delivery = await h.call('log.get', { id: deliveryId });
    expect(delivery).toMatchObject({ webhookId: hook.id, eventType: 'task.created', status: 'success' });
    // The event is in the outbox, fanned out like any other.
    const rows = storeOf(h.core.store)
      .sqlite.prepare('SELECT id, webhook_id AS webhookId, fanned_out_at IS NOT NULL AS done FROM outbox')
      .all();
    expect(rows).toEqual([{ id: delivery.eventId, webhookId: hook.id, done: 1 }]);
    expect((await h.call('log.list', {})).items).toHaveLength(1);
  });

  it('are refused for a disabled webhook, and nothing is recorded', async () => {
    const target = await Receiver.start();
    receivers.push(target);
    h = openHarness();
    const hook = await h.call('webhooks.create', { name: 'Zapier', url: target.url, events: ['*'] });
    await h.call('webhooks.setEnabled', { id: hook.id, enabled: false });
    expect(await failure(h.call('webhooks.sendTest', { id: hook.id }))).toMatchObject({
      status: 409,
      message: 'Webhook Zapier is disabled: enable it first, then send a test event',
    });
    expect(storeOf(h.core.store).sqlite.prepare('SELECT count(*) AS n FROM outbox').get()).toEqual({ n: 0 });
  });
});
