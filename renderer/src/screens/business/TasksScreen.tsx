import { TASK_STATUSES } from '../../../../contract/objects.js';
import { NameOf } from '../../components/NameOf.js';
import { ObjectScreen, type ObjectScreenConfig } from '../../components/ObjectScreen.js';
import { StatusBadge, statusLabel } from '../../components/StatusBadge.js';
import { formatDate } from '../../lib/format.js';

export const config: ObjectScreenConfig<'task'> = {
  resource: 'task',
  nameOf: (t) => String(t.title),
  columns: [
    { key: 'title', header: 'Title', cell: (t) => String(t.title) },
    { key: 'status', header: 'Status', cell: (t) => <StatusBadge status={String(t.status)} /> },
    { key: 'due', header: 'Due', cell: (t) => formatDate(t.dueDate as string | null) },
    { key: 'project', header: 'Project', cell: (t) => <NameOf group="projects" id={t.projectId} /> },
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
