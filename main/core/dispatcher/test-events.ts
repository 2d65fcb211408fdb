/**
 * The test button (`webhooks.sendTest`): a realistic sample event of the
 * chosen type (`sample-events.ts`), recorded like any other through
 * `outbox.record` but addressed to this one webhook, then fanned out in the
 * same transaction so its delivery id can be given back. It is sent and
 * logged like any other delivery.
 */
import type { EventType } from '../../../contract/index.js';
import type { Clock } from '../clock.js';
import type { Outbox } from '../store/outbox.js';
import type { DeliveriesRepository } from '../store/repositories/deliveries.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import type { FanOut } from './fan-out.js';
import { sampleData } from './sample-events.js';
import type { WebhooksService } from './webhooks-service.js';

export class TestEvents {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly outbox: Pick<Outbox, 'record'>,
    private readonly fanOut: FanOut,
    private readonly deliveries: DeliveriesRepository,
    private readonly work: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  send(webhookId: string, eventType: EventType = 'webhook.test'): { deliveryId: string } {
    const hook = this.webhooks.row(webhookId);
    this.webhooks.assertEnabled(hook, 'send a test event');
    const data = sampleData(eventType, this.clock.now(), hook);
    return this.work.transaction(() => {
      const event = this.outbox.record(eventType, data, { webhookId: hook.id });
      this.fanOut.run();
      return { deliveryId: this.deliveries.idForEvent(event.id, hook.id)! };
    });
  }
}
