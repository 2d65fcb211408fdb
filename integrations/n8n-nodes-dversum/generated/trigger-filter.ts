// Copied by scripts/generate.ts from contract/trigger-filter.ts. Do not edit:
// run `npx tsx integrations/n8n-nodes-dversum/scripts/generate.ts`.

/**
 * The integrations' trigger fields (an invoice's or quote's status, a minimum
 * total, its currency, a client) as the `filter` dVersum takes with a
 * subscription (POST /api/v1/webhooks, `contract/webhook-filter.ts`): dVersum
 * then sends only the events that match, so the others cost no n8n execution
 * and no Zapier task. A minimum total is typed as the owner types money
 * ("1.000,00", "1000") and read by the one rule, `./money.ts`, in the currency
 * given or dVersum's default one; the filter then also asks for that currency,
 * so a total in another currency never passes as this one.
 *
 * This file imports only ./money.js and is not re-exported by contract/index.ts
 * (the window has its own filter editor): the n8n trigger and the Zapier app
 * get a copy from their generators, as they do contract/money.ts, each naming
 * the fields by its own labels.
 */
import { parseAmount } from './money.js';

/** The fields as the owner filled them in; anything that is not text counts as empty. */
export interface TriggerConditions {
  status?: unknown;
  minimumTotal?: unknown;
  currency?: unknown;
  clientId?: unknown;
}

export type TriggerFilter = Record<string, { $eq: string } | { $gte: number }>;

/** Used when neither the fields nor dVersum name a currency. */
export const FALLBACK_CURRENCY = 'EUR';

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** Whether the fields ask for an amount without a currency: then dVersum's default currency is needed. */
export const needsDefaultCurrency = (conditions: TriggerConditions): boolean =>
  text(conditions.minimumTotal) !== '' && text(conditions.currency) === '';

/**
 * The filter for these fields, or null when none is set. `defaultCurrency` is
 * dVersum's (`GET /api/v1/me`), used for a minimum total given without a
 * currency; `amountLabel` names the minimum total in the AmountError thrown
 * when it does not read as money.
 */
export function triggerFilter(
  conditions: TriggerConditions,
  options: { amountLabel: string; defaultCurrency?: string },
): TriggerFilter | null {
  const filter: TriggerFilter = {};
  const status = text(conditions.status);
  if (status) filter['data.status'] = { $eq: status };
  const minimum = text(conditions.minimumTotal);
  if (minimum) {
    const currency = (
      text(conditions.currency) ||
      options.defaultCurrency ||
      FALLBACK_CURRENCY
    ).toUpperCase();
    filter['data.total'] = { $gte: parseAmount(minimum, currency, options.amountLabel) };
    filter['data.currency'] = { $eq: currency };
  }
  const clientId = text(conditions.clientId);
  if (clientId) filter['data.clientId'] = { $eq: clientId };
  return Object.keys(filter).length > 0 ? filter : null;
}
