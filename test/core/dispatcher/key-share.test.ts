/**
 * One API key's REST-hook subscriptions get a bounded share of the in-flight
 * slots (`dispatcher/key-share.ts`): however many slow subscriptions a key
 * makes, the owner's webhooks and other keys keep theirs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { KeyShare, Slots } from '../../../main/core/dispatcher/key-share.js';
import { answer, holding, Receiver, type Holding } from '../../support/receiver.js';
import { openRestHookClient, type RestHookClient } from '../../support/rest-hook-client.js';

describe('KeyShare (pure)', () => {
  it('gives each key at most its share, and all keys together at most theirs; the owner is not counted', () => {
    const share = new KeyShare({ perKey: 4, allKeys: 6 });
    expect(share.free(null)).toBe(Infinity);
    expect(share.free('key_a')).toBe(4);
    for (let i = 0; i < 4; i++) share.take('key_a');
    expect(share.free('key_a')).toBe(0);
    // Key b's own share is 4, but only 2 are left of all keys' 6.
    expect(share.free('key_b')).toBe(2);
    share.take('key_b');
    share.take('key_b');
    expect(share.free('key_b')).toBe(0);
    expect(share.free(null)).toBe(Infinity);
    share.take(null);
    share.release(null);
    share.release('key_a');
    expect(share.free('key_a')).toBe(1);
    expect(share.free('key_b')).toBe(1);
    share.release('key_b');
    share.release('key_b');
    expect(share.free('key_b')).toBe(3);
    for (let i = 0; i < 3; i++) share.release('key_a');
    expect(share.free('key_a')).toBe(4);
    expect(share.inFlight('key_a')).toBe(0);
  });

  it('Slots: a webhook at most its own bound, a key’s webhooks together their share, everything the bound in all', () => {
    const slots = new Slots({ perWebhook: 4, inAll: 10, perKey: 4, allKeys: 6 });
    const owner = { id: 'whk_owner', createdByKeyId: null };
    const a1 = { id: 'whk_a1', createdByKeyId: 'key_a' };
    const a2 = { id: 'whk_a2', createdByKeyId: 'key_a' };
    const b1 = { id: 'whk_b1', createdByKeyId: 'key_b' };
    for (let i = 0; i < 3; i++) slots.take(`dlv_a1_${i}`, a1);
    expect(slots.free(a1)).toBe(1);
    // Key a's second webhook has its own 4, but the key has only 1 left of its share.
    expect(slots.free(a2)).toBe(1);
    slots.take('dlv_a2_0', a2);
    expect(slots.free(a2)).toBe(0);
    expect(slots.free(b1)).toBe(2);
    expect(slots.free(owner)).toBe(4);
    // Held offline, a webhook gets one slot.
    expect(slots.free(owner, 1)).toBe(1);
    for (let i = 0; i < 4; i++) slots.take(`dlv_owner_${i}`, owner);
    expect(slots.size).toBe(8);
    expect(slots.busy('whk_owner')).toBe(4);
    expect(slots.free(b1)).toBe(2);
    slots.take('dlv_b1_0', b1);
    // 9 of 10 in all: one left for anyone.
    expect(slots.free(b1)).toBe(1);
    expect(slots.has('dlv_b1_0')).toBe(true);
    slots.release('dlv_b1_0');
    slots.release('dlv_b1_0'); // twice is once
    expect(slots.has('dlv_b1_0')).toBe(false);
    expect(slots.size).toBe(8);
    slots.release('dlv_a2_0');
    expect(slots.busy('whk_a2')).toBe(0);
    expect(slots.free(a2)).toBe(1);
  });

  it('refuses a share that gives a key nothing', () => {
    expect(() => new KeyShare({ perKey: 0, allKeys: 6 })).toThrow('perKey must be at least 1, not 0');
  });
});

let c: RestHookClient | undefined;
let receiver: Receiver | undefined;
let holds: Holding[] = [];
afterEach(async () => {
  for (const hold of holds) hold.release();
  await c?.close();
  await receiver?.close();
  c = undefined;
  receiver = undefined;
  holds = [];
});

describe('one key cannot starve the owner’s webhooks', () => {
  it('25 slow subscriptions of one key + the owner’s webhook: the owner gets all 200 events promptly, the key never has more than 4 in flight, another key still gets its share', async () => {
    c = openRestHookClient();
    receiver = await Receiver.start();
    // Slow receivers: each answer held for up to 30 s (the took 20 s), counted while held;
    // the delivery timeout outlasts them, so no slot frees early by timing out.
    await c.h.call('settings.update', { deliveryTimeoutMs: 60_000 });
    const slowA = holding(30_000);
    const slowB = holding(30_000);
    holds = [slowA, slowB];
    receiver.respond = (req, res, body) => {
      const path = req.url ?? '';
      if (path.startsWith('/hook/a-')) return slowA.responder(req, res, body);
      if (path.startsWith('/hook/b-')) return slowB.responder(req, res, body);
      answer(200, 'ok')(req, res, body);
    };
    // The owner's webhook first: the oldest, so the last the dispatcher's list names.
    const owner = receiver.endpoint('owner');
    await c.h.call('webhooks.create', { name: 'Owner', url: owner.url, events: ['task.created'] });
    const keyA = c.key();
    for (let i = 0; i < 25; i++) {
      const res = await c.subscribe(
        { key: keyA.key, from: '127.0.0.1' },
        { url: receiver.endpoint(`a-${i}`).url, events: ['task.created'] },
      );
      expect(res.statusCode).toBe(201);
    }
    const keyB = c.key();
    const subscribedB = await c.subscribe(
      { key: keyB.key, from: '127.0.0.1' },
      { url: receiver.endpoint('b-0').url, events: ['task.created'] },
    );
    expect(subscribedB.statusCode).toBe(201);

    const started = performance.now();
    for (let i = 0; i < 200; i++) c.h.record('task.created', { id: `tsk_${i}`, title: `Task ${i}` });
    c.h.core.dispatcher.wake();
    // Bounded well below the slow answers' 30 s (a loaded 2-core machine takes a few seconds for 200).
    await owner.waitFor(() => owner.received().length >= 200, 20_000);
    const elapsed = performance.now() - started;

    expect(owner.received()).toHaveLength(200);
    expect(new Set(owner.received().map((d) => d.body.data.id)).size).toBe(200);
    // Promptly: the slow receivers hold theirs for 30 s, the owner's all came long before.
    expect(elapsed).toBeLessThan(20_000);
    // Read from the receiver's side: key A had its share in flight and never more.
    expect(slowA.peak).toBe(4);
    expect(slowA.held).toBe(4);
    // Key B's one subscription got its slots too (4 per webhook), beside key A's.
    expect(slowB.peak).toBe(4);
  });
});
