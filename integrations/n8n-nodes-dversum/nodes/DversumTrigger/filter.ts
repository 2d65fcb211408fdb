/**
 * The trigger's "Only Events Where" fields, made into the `filter` dVersum takes with a
 * subscription (POST /api/v1/webhooks) by generated/trigger-filter.ts, a copy of
 * contract/trigger-filter.ts: dVersum then sends only the events that match, so events
 * the owner does not want cost no workflow execution.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';
import { needsDefaultCurrency, triggerFilter } from '../../generated/trigger-filter';

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

/** Whether the fields ask for an amount (then the currency must be known). */
export const needsCurrency = (only: OnlyWhere): boolean => needsDefaultCurrency(only);

/**
 * The filter for these fields, or null when none is set (generated/trigger-filter.ts, the
 * one rule the Zapier app shares); `defaultCurrency` is dVersum's, used when a minimum
 * total is given without a currency. Throws AmountError naming the field.
 */
export const filterOf = (only: OnlyWhere, defaultCurrency?: string): IDataObject | null =>
  triggerFilter(only, { amountLabel: 'Minimum Total', defaultCurrency });

/** Whether a subscription's stored filter is the one these fields ask for. */
export const sameFilter = (stored: unknown, wanted: IDataObject | null): boolean =>
  JSON.stringify(stored ?? null) === JSON.stringify(wanted);
