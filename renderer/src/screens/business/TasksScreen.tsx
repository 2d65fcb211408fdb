import { TASK_STATUSES } from '../../../../contract/objects.js';
import { NameOf } from '../../components/NameOf.js';
import { ObjectScreen, type ObjectScreenConfig } from '../../components/ObjectScreen.js';
import { StatusBadge, statusLabel } from '../../components/StatusBadge.js';

export const config: ObjectScreenConfig<'task'> = {
  resource: 'task',
  nameOf: (t) => String(t.title),
  columns: [
    { key: 'title', header: 'Title', cell: (t) => String(t.title) },
    { key: 'status', header: 'Status', cell: (t) => <StatusBadge status={String(t.status)} /> },
    { key: 'due', header: 'Due', cell: (t) => String(t.dueDate ?? '—') },
    { key: 'project', header: 'Project', cell: (t) => <NameOf group="projects" id={t.projectId} /> },
  ],
  fields: [
    { name: 'title', label: 'Title', kind: 'text', empty: 'keep' },
    { name: 'description', label: 'Description', kind: 'textarea' },
    {
      name: 'status',
      label: 'Status',
      kind: 'select',
      empty: 'omit',
      defaultValue: 'open',
      options: TASK_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })),
    },
    { name: 'dueDate', label: 'Due date', kind: 'date' },
    { name: 'projectId', label: 'Project', kind: 'select', from: 'projects' },
  ],
  actions: [{ label: 'Complete', action: 'complete', when: (t) => t.status !== 'done' }],
};

export const TasksScreen = () => <ObjectScreen config={config} />;
