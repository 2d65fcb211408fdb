/**
 * contract/trigger-filter.ts, the one source of the n8n trigger's and the Zapier
 * triggers' filter fields (copied by their generators): the fields as a webhook
 * filter that dVersum's own filter check accepts for invoice events.
 */
import { describe, expect, it } from 'vitest';
import { AmountError } from '../../contract/money.js';
import { needsDefaultCurrency, triggerFilter } from '../../contract/trigger-filter.js';
import { filterPathProblem } from '../../contract/filter-paths.js';
import { filterShapeProblem, webhookFilter, type WebhookFilter } from '../../contract/webhook-filter.js';

const LABEL = 'Minimum Total';

describe('triggerFilter', () => {
  it('no field set, or only blanks and non-text: no filter at all', () => {
    expect(triggerFilter({}, { amountLabel: LABEL })).toBeNull();
    expect(
      triggerFilter({ status: ' ', minimumTotal: '', clientId: 42, currency: 'EUR' }, { amountLabel: LABEL }),
    ).toBeNull();
  });

  it('status, minimum total in the currency given (upper-cased) and client, trimmed, in that order', () => {
    expect(
      triggerFilter(
        { status: ' paid ', minimumTotal: '1.000,00', currency: 'eur', clientId: ' cli_x ' },
        { amountLabel: LABEL, defaultCurrency: 'JPY' },
      ),
    ).toEqual({
      'data.status': { $eq: 'paid' },
      'data.total': { $gte: 100000 },
      'data.currency': { $eq: 'EUR' },
      'data.clientId': { $eq: 'cli_x' },
    });
  });

  it("a minimum total without a currency is read in dVersum's default currency, else EUR", () => {
    expect(triggerFilter({ minimumTotal: '1.000' }, { amountLabel: LABEL, defaultCurrency: 'JPY' })).toEqual({
      'data.total': { $gte: 1000 },
      'data.currency': { $eq: 'JPY' },
    });
    expect(triggerFilter({ minimumTotal: '1000' }, { amountLabel: LABEL })).toEqual({
      'data.total': { $gte: 100000 },
      'data.currency': { $eq: 'EUR' },
    });
    expect(needsDefaultCurrency({ minimumTotal: '10' })).toBe(true);
    expect(needsDefaultCurrency({ minimumTotal: '10', currency: 'USD' })).toBe(false);
    expect(needsDefaultCurrency({ currency: '' })).toBe(false);
  });

  it('an amount that does not read is an AmountError naming the field by the label given', () => {
    const run = () =>
      triggerFilter({ minimumTotal: '1.500' }, { amountLabel: 'Only With a Total of At Least' });
    expect(run).toThrow(AmountError);
    expect(run).toThrow(
      'Only With a Total of At Least: "1.500" is ambiguous: for 1500 write 1500 or 1.500,00',
    );
  });

  it('what it makes is a filter dVersum accepts for invoice.paid', () => {
    const filter = triggerFilter(
      { status: 'paid', minimumTotal: '250', clientId: 'cli_x' },
      { amountLabel: LABEL, defaultCurrency: 'EUR' },
    );
    expect(webhookFilter.safeParse(filter).success).toBe(true);
    expect(filterShapeProblem(filter)).toBeNull();
    expect(filterPathProblem(filter as WebhookFilter, ['invoice.paid', 'quote.accepted'])).toBeNull();
  });
});
