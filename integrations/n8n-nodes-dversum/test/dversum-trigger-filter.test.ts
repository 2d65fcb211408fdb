/**
 * The dVersum Trigger's "Only Events Where" against a real dVersum on a socket:
 * the fields become the subscription's filter (a minimum total typed as the owner
 * types money, in dVersum's default currency), dVersum then sends only the
 * invoices that match (so n8n runs fewer executions), a changed condition makes
 * a new subscription, and dVersum's 422 for a filter the events cannot match
 * reaches the owner.
 */
import type { IDataObject } from 'n8n-workflow';
import { describe, expect, it } from 'vitest';
import { INVOICE_STATUSES, QUOTE_STATUSES, type Permission } from '../../../contract/index.js';
import { useLiveDversum } from '../../../test/support/live-dversum.js';
import { DversumTrigger } from '../nodes/DversumTrigger/DversumTrigger.node';
import { DOCUMENT_STATUSES, filterOf } from '../nodes/DversumTrigger/filter';
import { n8nContext } from './support/context';

const live = useLiveDversum({ realClock: true });

const hooks = new DversumTrigger().webhookMethods.default;
const PERMISSIONS: Permission[] = ['webhooks:manage', 'invoices:read', 'tasks:read'];

function node(
  events: string[],
  only: IDataObject,
  apiKey = live.h.key(PERMISSIONS),
  staticData?: IDataObject,
) {
  return n8nContext({
    credentials: { baseUrl: live.baseUrl, apiKey },
    parameters: { events, only },
    webhookUrl: live.receiver.url,
    ...(staticData ? { staticData } : {}),
  });
}

/** A paid invoice, and dVersum's deliveries of it done. */
async function paidInvoice(unitPrice: number, currency?: string) {
  live.paidInvoice(unitPrice, currency);
  await live.h.core.dispatcher.runDue();
}

describe('dVersum Trigger: Only Events Where', () => {
  it('offers the statuses invoices and quotes have', () => {
    expect([...DOCUMENT_STATUSES].sort()).toEqual(
      [...new Set([...INVOICE_STATUSES, ...QUOTE_STATUSES])].sort(),
    );
  });

  it('reads the minimum total as the owner types money, in the currency given or the default one', () => {
    for (const typed of ['1.000,00', '1,000.00', '1000', '1 000']) {
      expect(filterOf({ minimumTotal: typed }, 'EUR')).toEqual({
        'data.total': { $gte: 100000 },
        'data.currency': { $eq: 'EUR' },
      });
    }
    expect(filterOf({ minimumTotal: '1.000', currency: 'jpy' })).toEqual({
      'data.total': { $gte: 1000 },
      'data.currency': { $eq: 'JPY' },
    });
    expect(filterOf({ status: 'paid', clientId: ' cli_x ' })).toEqual({
      'data.status': { $eq: 'paid' },
      'data.clientId': { $eq: 'cli_x' },
    });
    expect(filterOf({ status: '', minimumTotal: '  ' })).toBeNull();
    expect(() => filterOf({ minimumTotal: '1.500' }, 'EUR')).toThrow(
      'Minimum Total: "1.500" is ambiguous: for 1500 write 1500 or 1.500,00',
    );
  });

  it('"invoices over €1,000": the subscription carries the filter and dVersum sends only those', async () => {
    const ctx = node(['invoice.paid'], { minimumTotal: '1.000,00' });
    expect(await hooks.create.call(ctx.hook)).toBe(true);
    const subscription = live.h.core.webhooks.get(ctx.staticData.subscriptionId as string);
    expect(subscription.filter).toEqual({ 'data.total': { $gte: 100000 }, 'data.currency': { $eq: 'EUR' } });
    expect(await hooks.checkExists.call(ctx.hook)).toBe(true);

    await paidInvoice(50_000);
    await paidInvoice(250_000);
    await paidInvoice(99_999);
    await paidInvoice(100_000);
    await paidInvoice(500_000, 'USD');
    await live.receiver.waitFor(2);
    await live.h.core.dispatcher.idle();
    const totals = live.receiver.bodies().map((b) => (b.data as { total: number }).total);
    expect(totals).toEqual([250_000, 100_000]);
    expect(live.h.core.webhooks.get(subscription.id).filteredOut).toBe(3);
  });

  it('a changed condition: checkExists removes the old subscription so n8n subscribes with the new filter', async () => {
    const apiKey = live.h.key(PERMISSIONS);
    const ctx = node(['invoice.paid'], { status: 'paid' }, apiKey);
    await hooks.create.call(ctx.hook);
    const changed = node(['invoice.paid'], { status: 'paid', minimumTotal: '500' }, apiKey, ctx.staticData);
    expect(await hooks.checkExists.call(changed.hook)).toBe(false);
    expect(live.h.core.webhooks.list()).toEqual([]);
    expect(await hooks.create.call(changed.hook)).toBe(true);
    expect(live.h.core.webhooks.list().map((w) => w.filter)).toEqual([
      { 'data.status': { $eq: 'paid' }, 'data.total': { $gte: 50000 }, 'data.currency': { $eq: 'EUR' } },
    ]);
  });

  it("a minimum total on task events: dVersum's 422 naming the path reaches the owner, nothing stored", async () => {
    const ctx = node(['task.created'], { minimumTotal: '10' });
    await expect(hooks.create.call(ctx.hook)).rejects.toThrow(
      'dVersum answered 422: Filter: data.total is not a field of task.created events: name a field every chosen ' +
        'event has (GET /api/v1/event-types shows their payloads), or choose fewer events',
    );
    expect(ctx.staticData).toEqual({});
  });

  it('an amount that does not read is refused before anything is sent', async () => {
    const ctx = node(['invoice.paid'], { minimumTotal: 'a lot', currency: 'EUR' });
    await expect(hooks.create.call(ctx.hook)).rejects.toThrow('Minimum Total: ');
    expect(live.h.core.webhooks.list()).toEqual([]);
  });
});
