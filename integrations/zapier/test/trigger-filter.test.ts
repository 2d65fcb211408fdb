/**
 * The invoice and quote triggers' filter fields against a real dVersum: a
 * minimum total typed as money becomes the subscription's filter, dVersum sends
 * only the invoices that match (fewer Zapier tasks), and an amount that does not
 * read is refused before anything is subscribed.
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { INVOICE_STATUSES, QUOTE_STATUSES } from '../../../contract/index.js';
import { useLiveDversum } from '../../../test/support/live-dversum.js';
import { App, appTester, failureOf } from './dversum.js';

const require = createRequire(import.meta.url);
const { STATUSES, filterOf } = require('../lib/filter.js') as {
  STATUSES: Record<string, string[]>;
  filterOf(input: Record<string, unknown>, defaultCurrency?: string): Record<string, unknown> | null;
};

const d = useLiveDversum({ start: true });

type Operation = { inputFields?: { key: string; choices?: string[] }[]; performSubscribe: () => unknown };
const operation = (key: string) => App.triggers[key].operation as unknown as Operation;

describe('trigger filter fields', () => {
  it("the invoice and quote triggers offer status, minimum total, currency and client; others offer none; the statuses are dVersum's", () => {
    expect(STATUSES).toEqual({ invoice: [...INVOICE_STATUSES], quote: [...QUOTE_STATUSES] });
    const keys = ['status', 'minimum_total', 'currency', 'client_id'];
    expect(operation('invoice_paid').inputFields?.map((f) => f.key)).toEqual(keys);
    expect(operation('quote_accepted').inputFields?.map((f) => f.key)).toEqual(keys);
    expect(operation('invoice_paid').inputFields?.[0].choices).toEqual([...INVOICE_STATUSES]);
    expect(operation('task_created').inputFields).toBeUndefined();
  });

  it('reads the minimum total as the owner types money', () => {
    for (const typed of ['1.000,00', '1,000.00', '1000']) {
      expect(filterOf({ minimum_total: typed }, 'EUR')).toEqual({
        'data.total': { $gte: 100000 },
        'data.currency': { $eq: 'EUR' },
      });
    }
    expect(filterOf({ minimum_total: '1000', currency: 'jpy', client_id: 'cli_x', status: 'paid' })).toEqual({
      'data.status': { $eq: 'paid' },
      'data.total': { $gte: 1000 },
      'data.currency': { $eq: 'JPY' },
      'data.clientId': { $eq: 'cli_x' },
    });
    expect(filterOf({ status: '', minimum_total: '' })).toBeNull();
  });

  it('"invoices over €1,000": the subscription carries the filter and dVersum delivers only those', async () => {
    const authData = d.connection(['webhooks:manage', 'invoices:read']);
    const target = d.receiver.endpoint('zap-big-invoices');
    const subscribeData = await appTester(App.triggers.invoice_paid.operation.performSubscribe, {
      authData,
      targetUrl: target.url,
      inputData: { minimum_total: '1.000,00' },
    });
    expect(subscribeData).toMatchObject({
      events: ['invoice.paid'],
      filter: { 'data.total': { $gte: 100000 }, 'data.currency': { $eq: 'EUR' } },
    });
    d.paidInvoice(90_000);
    const big = d.paidInvoice(120_000);
    d.paidInvoice(1_000);
    await target.waitFor((event) => event.body.data.id === big);
    await d.h.core.dispatcher.idle();
    expect(target.received().map((e) => (e.body.data as { total: number }).total)).toEqual([120_000]);
    expect(d.h.core.webhooks.get(subscribeData.id).filteredOut).toBe(2);
  });

  it('an amount that does not read is a 422 naming the field, and nothing is subscribed', async () => {
    const authData = d.connection(['webhooks:manage', 'invoices:read']);
    const failure = await failureOf(
      appTester(App.triggers.invoice_paid.operation.performSubscribe, {
        authData,
        targetUrl: d.receiver.endpoint('zap-bad-amount').url,
        inputData: { minimum_total: '1.500', currency: 'EUR' },
      }),
    );
    expect(failure).toMatchObject({
      code: 'InvalidData',
      status: 422,
      message: 'Only With a Total of At Least: "1.500" is ambiguous: for 1500 write 1500 or 1.500,00',
    });
    expect(d.h.core.webhooks.list()).toEqual([]);
  });
});
