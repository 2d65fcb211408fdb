import { PROJECT_STATUSES } from '../../../../contract/objects.js';
import { NameOf } from '../../components/NameOf.js';
import { ObjectScreen, type ObjectScreenConfig } from '../../components/ObjectScreen.js';
import { StatusBadge, statusLabel } from '../../components/StatusBadge.js';

export const config: ObjectScreenConfig<'project'> = {
  resource: 'project',
  nameOf: (p) => String(p.name),
  columns: [
    { key: 'name', header: 'Name', cell: (p) => String(p.name) },
    { key: 'client', header: 'Client', cell: (p) => <NameOf group="clients" id={p.clientId} /> },
    { key: 'status', header: 'Status', cell: (p) => <StatusBadge status={String(p.status)} /> },
  ],
  fields: [
    { name: 'name', kind: 'text', empty: 'keep' },
    { name: 'clientId', kind: 'select', from: 'clients' },
    {
      name: 'status',
      kind: 'select',
      empty: 'omit',
      defaultValue: 'active',
      options: PROJECT_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })),
    },
    { name: 'description', kind: 'textarea' },
  ],
};

export const ProjectsScreen = () => <ObjectScreen config={config} />;
