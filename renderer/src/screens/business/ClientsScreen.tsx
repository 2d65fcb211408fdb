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
    { name: 'name', kind: 'text', empty: 'keep' },
    { name: 'email', kind: 'email' },
    { name: 'phone', kind: 'text' },
    { name: 'company', kind: 'text' },
    { name: 'address', kind: 'textarea' },
    { name: 'notes', kind: 'textarea' },
  ],
};

export const ClientsScreen = () => <ObjectScreen config={config} />;
