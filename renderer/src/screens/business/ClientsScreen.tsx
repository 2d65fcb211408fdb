import { ObjectScreen, type ObjectScreenConfig } from '../../components/ObjectScreen.js';

export const config: ObjectScreenConfig<'client'> = {
  resource: 'client',
  nameOf: (c) => String(c.name),
  columns: [
    { key: 'name', header: 'Name', cell: (c) => String(c.name) },
    { key: 'company', header: 'Company', cell: (c) => String(c.company ?? '—') },
    { key: 'email', header: 'E-mail', cell: (c) => String(c.email ?? '—') },
    { key: 'phone', header: 'Phone', cell: (c) => String(c.phone ?? '—') },
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
