import { NameOf } from '../../components/NameOf.js';
import { ObjectScreen, type ObjectScreenConfig } from '../../components/ObjectScreen.js';
import { StatusBadge } from '../../components/StatusBadge.js';

export const config: ObjectScreenConfig<'project'> = {
  resource: 'project',
  nameOf: (p) => p.name,
  columns: [
    { key: 'name', header: 'Name', cell: (p) => p.name },
    { key: 'client', header: 'Client', cell: (p) => <NameOf group="clients" id={p.clientId} /> },
    { key: 'status', header: 'Status', cell: (p) => <StatusBadge status={p.status} /> },
  ],
  fields: [
    { name: 'name' },
    { name: 'clientId' },
    { name: 'status', defaultValue: 'active' },
    { name: 'description' },
  ],
};

export const ProjectsScreen = () => <ObjectScreen config={config} />;
