import { NameOf } from '../../components/NameOf.js';
import { ObjectScreen, type ObjectScreenConfig } from '../../components/ObjectScreen.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatMoney } from '../../lib/format.js';
import { documentFields } from './document-fields.js';

const config: ObjectScreenConfig<'quote'> = {
  resource: 'quote',
  nameOf: (q) => String(q.number),
  columns: [
    { header: 'Number', cell: (q) => String(q.number) },
    { header: 'Client', cell: (q) => <NameOf group="clients" id={q.clientId} /> },
    { header: 'Status', cell: (q) => <StatusBadge status={String(q.status)} /> },
    { header: 'Valid until', cell: (q) => String(q.validUntil ?? '—') },
    { header: 'Total', cell: (q) => formatMoney(Number(q.total), String(q.currency)) },
  ],
  fields: documentFields({ name: 'validUntil', kind: 'date' }),
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
      done: () => <a href="#/invoices">Draft invoice created</a>,
    },
  ],
  canEdit: (q) => q.status === 'draft',
  canDelete: (q) => q.status === 'draft',
};

export const QuotesScreen = () => <ObjectScreen config={config} />;
