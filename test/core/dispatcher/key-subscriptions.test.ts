/**
 * A REST-hook subscription lives and dies with the key that made it: revoking
 * or disabling the key disables its subscriptions in the same transaction, and
 * the fan-out never makes a delivery for a subscription whose key is not
 * active or lacks the event's read permission.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { failure } from '../../support/core.js';
import { Receiver } from '../../support/receiver.js';
import { openRestHookClient, type RestHookClient } from '../../support/rest-hook-client.js';
import { storeOf } from '../../../main/core/store/database.js';

let c: RestHookClient | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await c?.close();
  await receiver?.close();
  c = undefined;
  receiver = undefined;
});

/** A local n8n's key with its subscription to task.created on a real loopback receiver. */
async function subscribed(events = ['task.created']) {
  c = openRestHookClient();
  receiver = await Receiver.start();
  const key = c.key();
  const res = await c.subscribe({ key: key.key, from: '127.0.0.1' }, { url: receiver.url, events });
  expect(res.statusCode).toBe(201);
  return { c, receiver, key, webhook: res.json() as { id: string; name: string } };
}

describe('revoking or disabling a key stops its subscriptions', () => {
  it('keys.revoke disables the key’s subscriptions ("key revoked"): nothing more is sent, and the owner cannot enable them again', async () => {
    const { c, receiver, key, webhook } = await subscribed();
    // A delivery already waiting when the key is revoked (held by the pause) is skipped with it.
    c.h.core.dispatcher.setPaused(true);
    c.h.record('task.created', { id: 'tsk_before' });
    await c.h.core.dispatcher.runDue();
    expect(c.deliveriesOf(webhook.id)).toEqual([
      { status: 'pending', eventType: 'task.created', lastError: null },
    ]);

    await c.h.call('keys.revoke', { id: key.id });
    const [listed] = (await c.h.call('webhooks.list')).items;
    expect(listed).toMatchObject({ id: webhook.id, enabled: false, disabledReason: 'key revoked' });

    c.h.core.dispatcher.setPaused(false);
    c.h.record('task.created', { id: 'tsk_after' });
    await c.h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(0);
    expect(c.deliveriesOf(webhook.id)).toEqual([
      { status: 'skipped', eventType: 'task.created', lastError: 'key revoked' },
    ]);

    expect(await failure(c.h.call('webhooks.setEnabled', { id: webhook.id, enabled: true }))).toEqual({
      status: 409,
      code: 'conflict',
      message: `Webhook ${webhook.name} was subscribed by the API key n8n, which is revoked: it cannot be enabled again; the integration has to subscribe again with a new key`,
      details: undefined,
    });
    const gone = await c.call('DELETE', `/api/v1/webhooks/${webhook.id}`, {
      key: key.key,
      from: '127.0.0.1',
    });
    expect(gone.statusCode).toBe(401);
    expect(gone.json()).toEqual({
      error: {
        code: 'unauthorized',
        message: 'This API key was revoked: create a new one in Settings > Integrations',
      },
    });
  });

  it('disabling the key disables its subscriptions ("key disabled"); enabling the key brings back those, and only those', async () => {
    const { c, receiver, key, webhook } = await subscribed();
    const other = await c.subscribe(
      { key: key.key, from: '127.0.0.1' },
      { url: receiver.url, events: ['client.created'] },
    );
    // The owner turned this one off for reasons of their own: it stays off when the key comes back.
    await c.h.call('webhooks.setEnabled', { id: other.json().id, enabled: false });

    await c.h.call('keys.update', { id: key.id, enabled: false });
    const byId = async () =>
      Object.fromEntries(((await c.h.call('webhooks.list')).items as { id: string }[]).map((w) => [w.id, w]));
    expect((await byId())[webhook.id]).toMatchObject({ enabled: false, disabledReason: 'key disabled' });
    expect((await byId())[other.json().id]).toMatchObject({ enabled: false, disabledReason: null });
    expect(await failure(c.h.call('webhooks.setEnabled', { id: webhook.id, enabled: true }))).toMatchObject({
      status: 409,
      message: `Webhook ${webhook.name} was subscribed by the API key n8n, which is disabled: enable the key in Settings > Integrations, and the subscriptions disabled with it come back with it`,
    });

    c.h.record('task.created', { id: 'tsk_while_disabled' });
    await c.h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(0);
    expect(c.deliveriesOf(webhook.id)).toEqual([]);

    await c.h.call('keys.update', { id: key.id, enabled: true });
    expect((await byId())[webhook.id]).toMatchObject({ enabled: true, disabledReason: null });
    expect((await byId())[other.json().id]).toMatchObject({ enabled: false });
    c.h.record('task.created', { id: 'tsk_back' });
    await c.h.core.dispatcher.runDue();
    expect(receiver.received.map((r) => JSON.parse(r.body).data.id)).toEqual(['tsk_back']);
  });

  it('revoking a disabled key turns "key disabled" into "key revoked"', async () => {
    const { c, key, webhook } = await subscribed();
    await c.h.call('keys.update', { id: key.id, enabled: false });
    await c.h.call('keys.revoke', { id: key.id });
    expect((await c.h.call('webhooks.list')).items[0]).toMatchObject({
      id: webhook.id,
      enabled: false,
      disabledReason: 'key revoked',
    });
  });

  it('rotating the key keeps its subscriptions: the new secret belongs to the same key', async () => {
    const { c, receiver, key, webhook } = await subscribed();
    const { key: rotated } = await c.h.call('keys.rotate', { id: key.id });
    c.h.record('task.created', { id: 'tsk_rotated' });
    await c.h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    const list = await c.call('GET', '/api/v1/webhooks', { key: rotated, from: '127.0.0.1' });
    expect(list.json().items.map((w: { id: string }) => w.id)).toEqual([webhook.id]);
  });
});

describe('the fan-out checks the key itself', () => {
  it('makes no delivery for a subscription whose key was revoked or disabled behind the service’s back', async () => {
    const { c, receiver, key, webhook } = await subscribed();
    // Old data, or a revocation racing the fan-out: the key is inactive, the webhook still enabled.
    storeOf(c.h.core.store)
      .sqlite.prepare('UPDATE api_keys SET revoked_at = 1, enabled = 0 WHERE id = ?')
      .run(key.id);
    c.h.record('task.created');
    await c.h.core.dispatcher.runDue();
    storeOf(c.h.core.store)
      .sqlite.prepare('UPDATE api_keys SET revoked_at = NULL, enabled = 0 WHERE id = ?')
      .run(key.id);
    c.h.record('task.created');
    await c.h.core.dispatcher.runDue();
    storeOf(c.h.core.store).sqlite.prepare('DELETE FROM api_keys WHERE id = ?').run(key.id);
    c.h.record('task.created');
    await c.h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(0);
    expect(c.deliveriesOf(webhook.id)).toEqual([]);
    expect((await c.h.call('webhooks.list')).items[0]).toMatchObject({ enabled: true });
  });

  it('sends only the event types whose read permission the key holds now', async () => {
    const { c, receiver, key, webhook } = await subscribed(['*']);
    await c.h.call('keys.update', { id: key.id, permissions: ['webhooks:manage', 'clients:read'] });
    c.h.record('task.created', { id: 'tsk_1' });
    c.h.record('client.created', { id: 'cli_1' });
    c.h.record('invoice.paid', { id: 'inv_1' });
    await c.h.core.dispatcher.runDue();
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(['client.created']);
    expect(c.deliveriesOf(webhook.id).map((d) => d.eventType)).toEqual(['client.created']);
  });

  it('leaves the owner’s own webhooks alone', async () => {
    const { c, receiver, key } = await subscribed();
    const owners = await c.h.call('webhooks.create', { name: 'Owner', url: receiver.url, events: ['*'] });
    await c.h.call('keys.revoke', { id: key.id });
    c.h.record('invoice.paid', { id: 'inv_1' });
    await c.h.core.dispatcher.runDue();
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(['invoice.paid']);
    expect(c.deliveriesOf(owners.id)).toHaveLength(1);
  });
});
