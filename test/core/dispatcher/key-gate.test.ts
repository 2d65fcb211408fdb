/**
 * A key's REST-hook delivery is sent only while the key may still read it
 * (`dispatcher/key-gate.ts`): checked again when the delivery is sent (before
 * the POST), on redeliver and on replay, not only at fan-out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { keyRefusal } from '../../../main/core/dispatcher/key-gate.js';
import { storeOf } from '../../../main/core/store/database.js';
import { failure } from '../../support/core.js';
import { answer, Receiver } from '../../support/receiver.js';
import { openRestHookClient, type RestHookClient } from '../../support/rest-hook-client.js';

const NO_INVOICES = 'the key that subscribed may no longer read invoices (invoices:read)';

let c: RestHookClient | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await c?.close();
  await receiver?.close();
  c = undefined;
  receiver = undefined;
});

/** A key (invoices and tasks) subscribed to invoice.paid and task.created on a real loopback receiver. */
async function subscribed() {
  c = openRestHookClient();
  receiver = await Receiver.start();
  const key = c.key(['webhooks:manage', 'invoices:read', 'tasks:read']);
  const res = await c.subscribe(
    { key: key.key, from: '127.0.0.1' },
    { url: receiver.url, events: ['invoice.paid', 'task.created'] },
  );
  expect(res.statusCode).toBe(201);
  return { c, receiver, key, webhook: res.json() as { id: string; name: string } };
}

const sql = (client: RestHookClient, statement: string, ...params: unknown[]) =>
  storeOf(client.h.core.store)
    .sqlite.prepare(statement)
    .run(...params);

describe('keyRefusal (pure)', () => {
  const key = { name: 'n8n', enabled: true, revokedAt: null, permissions: '["time_entries:read"]' };
  it('names the read permission a key lost by its label, and lets through what it may read', () => {
    expect(keyRefusal(key, 'time_entry.created')).toBeNull();
    expect(keyRefusal(key, 'webhook.test')).toBeNull();
    expect(keyRefusal(key, 'invoice.paid')).toEqual({
      reason: NO_INVOICES,
      sentence: NO_INVOICES,
      remedy: 'add Read invoices (invoices:read) to the key n8n in Settings > Integrations first',
    });
    expect(keyRefusal({ ...key, permissions: '[]' }, 'time_entry.created')?.reason).toBe(
      'the key that subscribed may no longer read time entries (time_entries:read)',
    );
    expect(keyRefusal({ ...key, revokedAt: 1 }, 'time_entry.created')?.reason).toBe('key revoked');
    expect(keyRefusal({ ...key, enabled: false }, 'time_entry.created')?.reason).toBe('key disabled');
    expect(keyRefusal(undefined, 'time_entry.created')?.reason).toBe(
      'the key that subscribed no longer exists',
    );
  });
});

describe('checked again when the delivery is sent', () => {
  it('a read permission removed after the fan-out: the waiting delivery is not sent, but skipped with the reason', async () => {
    const { c, receiver, key, webhook } = await subscribed();
    c.h.core.dispatcher.setPaused(true);
    c.h.record('invoice.paid', { id: 'inv_1' });
    c.h.record('task.created', { id: 'tsk_1' });
    await c.h.core.dispatcher.runDue();
    expect(c.deliveriesOf(webhook.id).map((d) => d.status)).toEqual(['pending', 'pending']);

    await c.h.call('keys.update', { id: key.id, permissions: ['webhooks:manage', 'tasks:read'] });
    c.h.core.dispatcher.setPaused(false);
    await c.h.core.dispatcher.runDue();

    expect(receiver.bodies().map((b) => b.type)).toEqual(['task.created']);
    expect(c.deliveriesOf(webhook.id)).toEqual([
      { status: 'skipped', eventType: 'invoice.paid', lastError: NO_INVOICES },
      { status: 'success', eventType: 'task.created', lastError: null },
    ]);
    // The log shows why.
    const { items } = await c.h.call('log.list', { webhookId: webhook.id, status: 'skipped' });
    expect((await c.h.call('log.get', { id: items[0].id })).lastError).toBe(NO_INVOICES);
  });

  it('a retry after the permission was removed is not sent either', async () => {
    const { c, receiver, key, webhook } = await subscribed();
    receiver.respond = answer(500, 'down');
    c.h.record('invoice.paid', { id: 'inv_1' });
    await c.h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    expect(c.deliveriesOf(webhook.id)[0]?.status).toBe('retrying');

    await c.h.call('keys.update', { id: key.id, permissions: ['webhooks:manage', 'tasks:read'] });
    receiver.respond = answer(200, 'ok');
    c.h.clock.advance(61_000);
    await c.h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    expect(c.deliveriesOf(webhook.id)).toEqual([
      { status: 'skipped', eventType: 'invoice.paid', lastError: NO_INVOICES },
    ]);
  });

  it('a key revoked through keys.revoke: its waiting delivery is skipped ("key revoked"), nothing sent', async () => {
    const { c, receiver, key, webhook } = await subscribed();
    c.h.core.dispatcher.setPaused(true);
    c.h.record('invoice.paid', { id: 'inv_1' });
    await c.h.core.dispatcher.runDue();
    await c.h.call('keys.revoke', { id: key.id });
    c.h.core.dispatcher.setPaused(false);
    await c.h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(0);
    expect(c.deliveriesOf(webhook.id)).toEqual([
      { status: 'skipped', eventType: 'invoice.paid', lastError: 'key revoked' },
    ]);
  });

  it('a key revoked, disabled or deleted behind the service’s back (old data, a race): the subscription still enabled, its deliveries are skipped with the reason', async () => {
    const { c, receiver, key, webhook } = await subscribed();
    c.h.core.dispatcher.setPaused(true);
    c.h.record('invoice.paid', { id: 'inv_1' });
    await c.h.core.dispatcher.runDue();
    sql(c, 'UPDATE api_keys SET revoked_at = 1 WHERE id = ?', key.id);
    c.h.core.dispatcher.setPaused(false);
    await c.h.core.dispatcher.runDue();

    c.h.core.dispatcher.setPaused(true);
    c.h.record('invoice.paid', { id: 'inv_2' });
    sql(c, 'UPDATE api_keys SET revoked_at = NULL WHERE id = ?', key.id);
    await c.h.core.dispatcher.runDue(); // fanned out while the key is active
    sql(c, 'UPDATE api_keys SET enabled = 0 WHERE id = ?', key.id);
    c.h.core.dispatcher.setPaused(false);
    await c.h.core.dispatcher.runDue();

    c.h.core.dispatcher.setPaused(true);
    sql(c, 'UPDATE api_keys SET enabled = 1 WHERE id = ?', key.id);
    c.h.record('invoice.paid', { id: 'inv_3' });
    await c.h.core.dispatcher.runDue();
    sql(c, 'DELETE FROM api_keys WHERE id = ?', key.id);
    c.h.core.dispatcher.setPaused(false);
    await c.h.core.dispatcher.runDue();

    expect(receiver.received).toHaveLength(0);
    expect((await c.h.call('webhooks.list')).items[0]).toMatchObject({ id: webhook.id, enabled: true });
    expect(c.deliveriesOf(webhook.id)).toEqual([
      { status: 'skipped', eventType: 'invoice.paid', lastError: 'key revoked' },
      { status: 'skipped', eventType: 'invoice.paid', lastError: 'key disabled' },
      { status: 'skipped', eventType: 'invoice.paid', lastError: 'the key that subscribed no longer exists' },
    ]);
  });

  it('many waiting deliveries of a key that lost the permission are all skipped at once, not a slot’s worth per timer', async () => {
    const { c, receiver, key, webhook } = await subscribed();
    c.h.core.dispatcher.setPaused(true);
    for (let i = 0; i < 30; i++) c.h.record('invoice.paid', { id: `inv_${i}` });
    await c.h.core.dispatcher.runDue();
    await c.h.call('keys.update', { id: key.id, permissions: ['webhooks:manage', 'tasks:read'] });
    c.h.core.dispatcher.setPaused(false);
    await c.h.core.dispatcher.runDue();
    await new Promise((resolve) => setImmediate(resolve));
    expect(receiver.received).toHaveLength(0);
    expect(c.deliveriesOf(webhook.id).filter((d) => d.status === 'skipped')).toHaveLength(30);
  });

  it('the owner’s own webhooks are never held to a key', async () => {
    const { c, receiver, key } = await subscribed();
    const owners = await c.h.call('webhooks.create', { name: 'Owner', url: receiver.url, events: ['*'] });
    c.h.core.dispatcher.setPaused(true);
    c.h.record('invoice.paid', { id: 'inv_1' });
    await c.h.core.dispatcher.runDue();
    await c.h.call('keys.update', { id: key.id, permissions: ['webhooks:manage'] });
    c.h.core.dispatcher.setPaused(false);
    await c.h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    expect(c.deliveriesOf(owners.id)).toEqual([
      { status: 'success', eventType: 'invoice.paid', lastError: null },
    ]);
  });
});

describe('checked again on redeliver and replay', () => {
  it('redeliver of an event the key may no longer read: 409 with the reason, nothing made', async () => {
    const { c, receiver, key, webhook } = await subscribed();
    c.h.record('invoice.paid', { id: 'inv_1' });
    await c.h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    const [delivery] = (await c.h.call('log.list', { webhookId: webhook.id })).items;

    await c.h.call('keys.update', { id: key.id, permissions: ['webhooks:manage', 'tasks:read'] });
    expect(await failure(c.h.call('log.redeliver', { deliveryId: delivery.id }))).toEqual({
      status: 409,
      code: 'conflict',
      message:
        `Delivery ${delivery.id} of webhook ${webhook.name} is not sent again: ${NO_INVOICES}; ` +
        'add Read invoices (invoices:read) to the key n8n in Settings > Integrations first',
      details: undefined,
    });
    await c.h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    expect(c.deliveriesOf(webhook.id)).toHaveLength(1);

    // With the permission back, the same redeliver goes out.
    await c.h.call('keys.update', { id: key.id, permissions: ['webhooks:manage', 'invoices:read'] });
    await c.h.call('log.redeliver', { deliveryId: delivery.id });
    await c.h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(2);
  });

  it('redeliver for a key disabled behind the service’s back: 409 saying so', async () => {
    const { c, key, webhook } = await subscribed();
    c.h.record('task.created', { id: 'tsk_1' });
    await c.h.core.dispatcher.runDue();
    const [delivery] = (await c.h.call('log.list', { webhookId: webhook.id })).items;
    sql(c, 'UPDATE api_keys SET enabled = 0 WHERE id = ?', key.id);
    expect(await failure(c.h.call('log.redeliver', { deliveryId: delivery.id }))).toEqual({
      status: 409,
      code: 'conflict',
      message:
        `Delivery ${delivery.id} of webhook ${webhook.name} is not sent again: the key n8n that subscribed is disabled; ` +
        'enable the key in Settings > Integrations first',
      details: undefined,
    });
  });

  it('replay: events the key may no longer read are skipped with the reason and not counted; the rest is sent', async () => {
    const { c, receiver, key, webhook } = await subscribed();
    const since = new Date(c.h.clock.now()).toISOString();
    c.h.core.dispatcher.setPaused(true);
    c.h.record('invoice.paid', { id: 'inv_1' });
    c.h.record('task.created', { id: 'tsk_1' });
    await c.h.core.dispatcher.runDue();
    // The owner turns the subscription off and on: both deliveries skipped, replayable.
    await c.h.call('webhooks.setEnabled', { id: webhook.id, enabled: false });
    await c.h.call('webhooks.setEnabled', { id: webhook.id, enabled: true });
    c.h.core.dispatcher.setPaused(false);
    await c.h.call('keys.update', { id: key.id, permissions: ['webhooks:manage', 'tasks:read'] });
    c.h.tick();

    expect(await c.h.call('log.replay', { webhookId: webhook.id, since, status: 'skipped' })).toEqual({
      count: 1,
    });
    await c.h.core.dispatcher.runDue();
    expect(receiver.bodies().map((b) => b.type)).toEqual(['task.created']);
    expect(c.deliveriesOf(webhook.id)).toEqual([
      { status: 'skipped', eventType: 'invoice.paid', lastError: 'the webhook was disabled' },
      { status: 'skipped', eventType: 'task.created', lastError: 'the webhook was disabled' },
      { status: 'skipped', eventType: 'invoice.paid', lastError: NO_INVOICES },
      { status: 'success', eventType: 'task.created', lastError: null },
    ]);
  });
});
