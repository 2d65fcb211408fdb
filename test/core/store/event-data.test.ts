/**
 * An outbox row keeps only its event's `data`, deflated when that is smaller (store/event-data.ts);
 * the body is rebuilt from the row's columns. The body is what the signature covers, so it must be
 * the same bytes every time: at the first send, at a retry, at a redelivery.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { storeOf } from '../../../main/core/store/database.js';
import {
  DICTIONARY_2,
  eventBody,
  FORM_DATA,
  FORM_PACKED,
  FORM_WHOLE,
  storeData,
} from '../../../main/core/store/event-data.js';
import { openHarness, type Harness } from '../../support/core.js';
import { Receiver } from '../../support/receiver.js';

let h: Harness | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await h?.core.close();
  await receiver?.close();
  h = undefined;
  receiver = undefined;
});

const T = 1_796_000_000_123;
const task = {
  id: 'tsk_01m97ah4g0ra1m8c6dv7bmwtqs',
  title: 'Draft the homepage copy',
  description: 'Two variants, one short and one long; “quoted” and \u2028 kept as they are',
  status: 'open',
  dueDate: null,
  projectId: null,
  completedAt: null,
  createdAt: '2026-12-07T04:00:00.000Z',
  updatedAt: '2026-12-07T04:00:00.000Z',
};

describe('the outbox row of an event', () => {
  it('rebuilds the body byte for byte what JSON.stringify of the whole event gave, packed or not', () => {
    for (const data of [task, { n: 1 }, {}, { s: 'a"\\\n\u0001' }]) {
      const event = { id: 'evt_01', type: 'task.created', timestamp: new Date(T).toISOString(), data };
      const stored = storeData(JSON.stringify(data));
      expect(eventBody({ id: 'evt_01', type: 'task.created', createdAt: T, ...stored })).toBe(
        JSON.stringify(event),
      );
    }
  });

  it('packs data only when that is smaller, and keeps small data as its JSON', () => {
    const packed = storeData(JSON.stringify(task));
    expect(packed.form).toBe(FORM_PACKED);
    expect(packed.payload).toBe('');
    expect(packed.packed!.length).toBeLessThan(Buffer.byteLength(JSON.stringify(task)) / 2);
    expect(storeData('{"n":1}')).toEqual({ payload: '{"n":1}', packed: null, form: FORM_DATA });
    // Under 48 bytes deflate's framing leaves too little to win: not even tried.
    const short = JSON.stringify({ title: 'Draft the homepage copy', n: 12 });
    expect(short.length).toBeLessThan(48);
    expect(storeData(short)).toEqual({ payload: short, packed: null, form: FORM_DATA });
  });

  it('reads a whole body (form 0) as it is, and refuses a form it does not know', () => {
    const row = { id: 'evt_01', type: 'task.created', createdAt: T, packed: null };
    expect(eventBody({ ...row, payload: '{"id":"evt_01","odd":true}', form: FORM_WHOLE })).toBe(
      '{"id":"evt_01","odd":true}',
    );
    expect(() => eventBody({ ...row, payload: '{}', form: 7 })).toThrow('outbox row evt_01: unknown payload form 7');
  });

  it('keeps the dictionary packed rows were written with (a new one is a new form)', () => {
    expect(createHash('sha256').update(DICTIONARY_2).digest('hex').slice(0, 16)).toBe('6c07dff0e99e0cfc');
  });

  it('sends a packed event with the bytes it recorded, at the first send and again at a redelivery', async () => {
    receiver = await Receiver.start();
    h = openHarness();
    await h.call('webhooks.create', { name: 'A', url: receiver.url, events: ['*'] });
    const sqlite = storeOf(h.core.store).sqlite;
    const event = sqlite.transaction(() => h!.core.outbox.record('task.created', task))();
    const form = sqlite.prepare('SELECT payload_form FROM outbox WHERE id = ?').pluck().get(event.id);
    expect(form).toBe(FORM_PACKED);
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0].body).toBe(JSON.stringify(event));
    const [first] = (await h.call('log.list', {})).items;
    await h.call('log.redeliver', { deliveryId: first.id });
    await h.core.dispatcher.runDue();
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].body).toBe(receiver.received[0].body);
    expect(receiver.received[1].headers['webhook-signature']).not.toBe(undefined);
  });
});
