import { NameOf } from '../../components/NameOf.js';
import { ObjectScreen, type Item, type ObjectScreenConfig } from '../../components/ObjectScreen.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { formatMoney } from '../../lib/format.js';
import { documentFields } from './document-fields.js';

const unpaid = (i: Item) => i.status === 'sent' || i.status === 'overdue';

const config: ObjectScreenConfig<'invoice'> = {
  resource: 'invoice',
  nameOf: (i) => String(i.number ?? 'draft'),
  columns: [
    { header: 'Number', cell: (i) => String(i.number ?? 'Draft') },
    { header: 'Client', cell: (i) => <NameOf group="clients" id={i.clientId} /> },
    { header: 'Status', cell: (i) => <StatusBadge status={String(i.status)} /> },
    { header: 'Due', cell: (i) => String(i.dueDate ?? '—') },
    { header: 'Total', cell: (i) => formatMoney(Number(i.total), String(i.currency)) },
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
};

export const InvoicesScreen = () => <ObjectScreen config={config} />;
