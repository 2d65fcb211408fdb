import { ObjectScreen, type ObjectScreenConfig } from '../../components/ObjectScreen.js';

const config: ObjectScreenConfig<'client'> = {
  resource: 'client',
  nameOf: (c) => String(c.name),
  columns: [
    { header: 'Name', cell: (c) => String(c.name) },
    { header: 'Company', cell: (c) => String(c.company ?? '—') },
    { header: 'E-mail', cell: (c) => String(c.email ?? '—') },
    { header: 'Phone', cell: (c) => String(c.phone ?? '—') },
  ],
  fields: [
    { name: 'name', label: 'Name', kind: 'text', empty: 'keep' },
    { name: 'email', label: 'E-mail', kind: 'email' },
    { name: 'phone', label: 'Phone', kind: 'text' },
    { name: 'company', label: 'Company', kind: 'text' },
    { name: 'address', label: 'Address', kind: 'textarea' },
    { name: 'notes', label: 'Notes', kind: 'textarea' },
  ],
};

export const ClientsScreen = () => <ObjectScreen config={config} />;
