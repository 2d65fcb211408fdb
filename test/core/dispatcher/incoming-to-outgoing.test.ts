import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../main/core/clock.js';
import { buildServer } from '../../../main/core/server/app.js';
import { openHarness, type Harness } from '../../support/core.js';
import { Receiver } from '../../support/receiver.js';

let h: Harness;
let receiver: Receiver;
afterEach(async () => {
  await h?.core.close();
  await receiver?.close();
});

describe('from the incoming API to an outgoing webhook', () => {
  it('a task created with an API key reaches the subscribed receiver at once, signed, with the whole task', async () => {
    receiver = await Receiver.start();
    h = openHarness({ clock: new ManualClock(Date.now()) });
    const app = buildServer(h.core);
    const hook = await h.call('webhooks.create', {
      name: 'n8n',
      url: receiver.url,
      events: ['task.created'],
    });
    await h.core.start();
    const { key } = h.core.keys.create({ name: 'n8n', permissions: ['tasks:write'] });

    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/webhooks/incoming/tasks',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'Reply to Ada', description: 'From Gmail' }),
    });
    expect(res.statusCode).toBe(201);
    const task = res.json();
    await receiver.waitFor(1, 1000);
    const req = receiver.received[0];
    const event = new Webhook(hook.secret).verify(req.body, req.headers as Record<string, string>);
    expect(event).toMatchObject({ type: 'task.created', data: task });
    await app.close();
  });
});
