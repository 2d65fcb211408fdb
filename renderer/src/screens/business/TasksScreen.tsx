import { TASK_STATUSES } from '../../../../contract/objects.js';
import { NameOf } from '../../components/NameOf.js';
import { ObjectScreen, type ObjectScreenConfig } from '../../components/ObjectScreen.js';
import { StatusBadge, statusLabel } from '../../components/StatusBadge.js';

const config: ObjectScreenConfig<'task'> = {
  resource: 'task',
  nameOf: (t) => String(t.title),
  columns: [
    { header: 'Title', cell: (t) => String(t.title) },
    { header: 'Status', cell: (t) => <StatusBadge status={String(t.status)} /> },
    { header: 'Due', cell: (t) => String(t.dueDate ?? '—') },
    { header: 'Project', cell: (t) => <NameOf group="projects" id={t.projectId} /> },
  ],
  fields: [
    { name: 'title', kind: 'text', empty: 'keep' },
    { name: 'description', kind: 'textarea' },
    {
      name: 'status',
      kind: 'select',
      empty: 'omit',
      defaultValue: 'open',
      options: TASK_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })),
    },
    { name: 'dueDate', kind: 'date' },
    { name: 'projectId', kind: 'select', from: 'projects' },
  ],
  actions: [{ label: 'Complete', action: 'complete', when: (t) => t.status !== 'done' }],
};

export const TasksScreen = () => <ObjectScreen config={config} />;
