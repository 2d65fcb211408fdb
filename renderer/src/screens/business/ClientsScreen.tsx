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
    { name: 'name', kind: 'text', empty: 'keep' },
    { name: 'email', kind: 'email' },
    { name: 'phone', kind: 'text' },
    { name: 'company', kind: 'text' },
    { name: 'address', kind: 'textarea' },
    { name: 'notes', kind: 'textarea' },
  ],
};

export const ClientsScreen = () => <ObjectScreen config={config} />;
