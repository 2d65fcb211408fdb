import { NameOf } from '../../components/NameOf.js';
import type { ItemOf } from '../../api/object-calls.js';
import { objectWord, ObjectScreen, type ObjectScreenConfig } from '../../components/ObjectScreen.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatDate, formatMoney } from '../../lib/format.js';
import { documentFields } from './document-fields.js';

const unpaid = (i: ItemOf<'invoice'>) => i.status === 'sent' || i.status === 'overdue';

export const config: ObjectScreenConfig<'invoice'> = {
  resource: 'invoice',
  nameOf: (i) => i.number ?? objectWord('invoice', 'draftName'),
  columns: [
    { key: 'number', header: 'Number', cell: (i) => i.number ?? '—' },
    { key: 'client', header: 'Client', cell: (i) => <NameOf group="clients" id={i.clientId} /> },
    { key: 'status', header: 'Status', cell: (i) => <StatusBadge status={i.status} /> },
    { key: 'due', header: 'Due', cell: (i) => formatDate(i.dueDate) },
    { key: 'total', header: 'Total', cell: (i) => formatMoney(i.total, i.currency) },
  ],
  fields: documentFields<'invoice'>({ name: 'issueDate' }, { name: 'dueDate' }),
  actions: [
    { label: 'Send', action: 'send', when: (i) => i.status === 'draft' },
    { label: 'Mark paid', action: 'markPaid', when: unpaid },
    {
      label: 'Void',
      action: 'void',
      confirm: 'Void invoice {name}? It stays on record as void.',
      when: unpaid,
    },
  ],
  // A sent invoice's items and totals no longer change; once sent it is voided, never deleted.
  canEdit: (i) => i.status === 'draft',
  canDelete: (i) => i.status === 'draft',
  document: true,
};

export const InvoicesScreen = () => <ObjectScreen config={config} />;
