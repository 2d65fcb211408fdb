import { ObjectScreen, type ObjectScreenConfig } from '../../components/ObjectScreen.js';

export const config: ObjectScreenConfig<'client'> = {
  resource: 'client',
  nameOf: (c) => c.name,
  columns: [
    { key: 'name', header: 'Name', cell: (c) => c.name },
    { key: 'company', header: 'Company', cell: (c) => c.company ?? '—' },
    { key: 'email', header: 'E-mail', cell: (c) => c.email ?? '—' },
    { key: 'phone', header: 'Phone', cell: (c) => c.phone ?? '—' },
  ],
  fields: [
    { name: 'name' },
    { name: 'email' },
    { name: 'phone' },
    { name: 'company' },
    { name: 'address' },
    { name: 'notes' },
  ],
};

export const ClientsScreen = () => <ObjectScreen config={config} />;
