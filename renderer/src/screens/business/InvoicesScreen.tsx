import { NameOf } from '../../components/NameOf.js';
import {
  objectWord,
  ObjectScreen,
  type Item,
  type ObjectScreenConfig,
} from '../../components/ObjectScreen.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatMoney } from '../../lib/format.js';
import { documentFields } from './document-fields.js';

const unpaid = (i: Item) => i.status === 'sent' || i.status === 'overdue';

export const config: ObjectScreenConfig<'invoice'> = {
  resource: 'invoice',
  nameOf: (i) => (typeof i.number === 'string' ? i.number : objectWord('invoice', 'draftName')),
  columns: [
    { key: 'number', header: 'Number', cell: (i) => (typeof i.number === 'string' ? i.number : '—') },
    { key: 'client', header: 'Client', cell: (i) => <NameOf group="clients" id={i.clientId} /> },
    { key: 'status', header: 'Status', cell: (i) => <StatusBadge status={String(i.status)} /> },
    { key: 'due', header: 'Due', cell: (i) => String(i.dueDate ?? '—') },
    { key: 'total', header: 'Total', cell: (i) => formatMoney(Number(i.total), String(i.currency)) },
  ],
  fields: documentFields({ name: 'issueDate', kind: 'date' }, { name: 'dueDate', kind: 'date' }),
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
