/**
 * The trigger's "Only Events Where" fields as the `filter` dVersum takes with a
 * subscription (POST /api/v1/webhooks): dVersum then sends only the events that
 * match, so events the owner does not want cost no workflow execution. A minimum
 * total is typed as the owner types money ("1.000,00", "1000") and read by the one
 * rule, generated/money.ts, in the currency given or dVersum's default currency;
 * the filter then also asks for that currency, so a total in another currency
 * never passes as this one.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { parseAmount } from '../../generated/money';

/** Invoices' and quotes' statuses (test/dversum-trigger-filter.test.ts pins them to dVersum's). */
export const DOCUMENT_STATUSES = [
  'draft',
  'sent',
  'paid',
  'overdue',
  'void',
  'accepted',
  'rejected',
  'expired',
] as const;

export const ONLY_PROPERTY: INodeProperties = {
  displayName: 'Only Events Where',
  name: 'only',
  type: 'collection',
  placeholder: 'Add Condition',
  default: {},
  description:
    "dVersum sends only the events that match every condition, so the others start no execution. For invoice and quote events: the status, the total and the client are the event's data.",
  options: [
    {
      displayName: 'Status',
      name: 'status',
      type: 'options',
      default: 'paid',
      description: "The invoice's or quote's status after the event",
      options: DOCUMENT_STATUSES.map((s) => ({ name: s, value: s })),
    },
    {
      displayName: 'Minimum Total',
      name: 'minimumTotal',
      type: 'string',
      default: '',
      placeholder: '1.000,00',
      description:
        'Only invoices or quotes whose total (with tax) is at least this amount, typed as you write money: 1000, 1.000,00 or 1,000.00',
    },
    {
      displayName: 'Currency',
      name: 'currency',
      type: 'string',
      default: '',
      placeholder: 'EUR',
      description: "The minimum total's currency; empty: dVersum's default currency",
    },
    {
      displayName: 'Client ID',
      name: 'clientId',
      type: 'string',
      default: '',
      placeholder: 'cli_…',
      description: 'Only invoices, quotes and projects of this client',
    },
  ],
};

export interface OnlyWhere {
  status?: string;
  minimumTotal?: string;
  currency?: string;
  clientId?: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** Whether the fields ask for an amount (then the currency must be known). */
export const needsCurrency = (only: OnlyWhere): boolean =>
  text(only.minimumTotal) !== '' && text(only.currency) === '';

/**
 * The filter for these fields, or null when none is set; `defaultCurrency` is dVersum's,
 * used when a minimum total is given without a currency. Throws AmountError naming the field.
 */
export function filterOf(only: OnlyWhere, defaultCurrency?: string): IDataObject | null {
  const filter: IDataObject = {};
  const status = text(only.status);
  if (status) filter['data.status'] = { $eq: status };
  const minimum = text(only.minimumTotal);
  if (minimum) {
    const currency = (text(only.currency) || defaultCurrency || 'EUR').toUpperCase();
    filter['data.total'] = { $gte: parseAmount(minimum, currency, 'Minimum Total') };
    filter['data.currency'] = { $eq: currency };
  }
  const clientId = text(only.clientId);
  if (clientId) filter['data.clientId'] = { $eq: clientId };
  return Object.keys(filter).length > 0 ? filter : null;
}

/** Whether a subscription's stored filter is the one these fields ask for. */
export const sameFilter = (stored: unknown, wanted: IDataObject | null): boolean =>
  JSON.stringify(stored ?? null) === JSON.stringify(wanted);
