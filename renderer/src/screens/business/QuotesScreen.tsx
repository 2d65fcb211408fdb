import { NameOf } from '../../components/NameOf.js';
import { objectWord, ObjectScreen, type ObjectScreenConfig } from '../../components/ObjectScreen.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatDate, formatMoney } from '../../lib/format.js';
import { documentFields } from './document-fields.js';

export const config: ObjectScreenConfig<'quote'> = {
  resource: 'quote',
  nameOf: (q) => q.number ?? objectWord('quote', 'draftName'),
  columns: [
    { key: 'number', header: 'Number', cell: (q) => q.number ?? '—' },
    { key: 'client', header: 'Client', cell: (q) => <NameOf group="clients" id={q.clientId} /> },
    { key: 'status', header: 'Status', cell: (q) => <StatusBadge status={q.status} /> },
    { key: 'validUntil', header: 'Valid until', cell: (q) => formatDate(q.validUntil) },
    { key: 'total', header: 'Total', cell: (q) => formatMoney(q.total, q.currency) },
  ],
  fields: documentFields<'quote'>({ name: 'validUntil' }),
  actions: [
    { label: 'Send', action: 'send', when: (q) => q.status === 'draft' },
    { label: 'Accept', action: 'accept', when: (q) => q.status === 'sent' },
    {
      label: 'Reject',
      action: 'reject',
      confirm: 'Reject quote {name}?',
      when: (q) => q.status === 'sent',
    },
    {
      label: 'Convert to invoice',
      action: 'convert',
      when: (q) => q.status === 'accepted',
      alsoRefresh: ['invoices'],
      done: () => <a href="#/invoices">{objectWord('quote', 'converted')}</a>,
    },
  ],
  canEdit: (q) => q.status === 'draft',
  canDelete: (q) => q.status === 'draft',
  document: true,
};

export const QuotesScreen = () => <ObjectScreen config={config} />;
