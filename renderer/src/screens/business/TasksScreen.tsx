import { NameOf } from '../../components/NameOf.js';
import { ObjectScreen, type ObjectScreenConfig } from '../../components/ObjectScreen.js';
import { StatusBadge } from '../../components/StatusBadge.js';

export const config: ObjectScreenConfig<'task'> = {
  resource: 'task',
  nameOf: (t) => t.title,
  columns: [
    { key: 'title', header: 'Title', cell: (t) => t.title },
    { key: 'status', header: 'Status', cell: (t) => <StatusBadge status={t.status} /> },
    { key: 'due', header: 'Due', cell: (t) => t.dueDate ?? '—' },
    { key: 'project', header: 'Project', cell: (t) => <NameOf group="projects" id={t.projectId} /> },
  ],
  fields: [
    { name: 'title' },
    { name: 'description' },
    { name: 'status', defaultValue: 'open' },
    { name: 'dueDate' },
    { name: 'projectId' },
  ],
  actions: [{ label: 'Complete', action: 'complete', when: (t) => t.status !== 'done' }],
};

export const TasksScreen = () => <ObjectScreen config={config} />;
