import { NameOf } from '../../components/NameOf.js';
import { ObjectScreen, type ObjectScreenConfig } from '../../components/ObjectScreen.js';
import { formatTime } from '../../lib/format.js';

const config: ObjectScreenConfig<'timeEntry'> = {
  resource: 'timeEntry',
  nameOf: (t) => String(t.description ?? `${t.minutes} minutes`),
  columns: [
    { header: 'Description', cell: (t) => String(t.description ?? '—') },
    { header: 'Minutes', cell: (t) => String(t.minutes) },
    { header: 'Started', cell: (t) => formatTime(t.startedAt as string | null) },
    { header: 'Project', cell: (t) => <NameOf group="projects" id={t.projectId} /> },
    { header: 'Billable', cell: (t) => (t.billable ? 'Yes' : 'No') },
  ],
  fields: [
    { name: 'description', label: 'Description', kind: 'textarea' },
    { name: 'projectId', label: 'Project', kind: 'select', from: 'projects' },
    { name: 'taskId', label: 'Task', kind: 'select', from: 'tasks' },
    {
      name: 'minutes',
      label: 'Minutes',
      kind: 'number',
      empty: 'omit',
      hint: 'Or give the start and end below.',
    },
    { name: 'startedAt', label: 'Started at', kind: 'datetime', empty: 'omit' },
    { name: 'endedAt', label: 'Ended at', kind: 'datetime', empty: 'omit' },
    { name: 'billable', label: 'Billable', kind: 'checkbox', defaultValue: true },
  ],
};

export const TimeScreen = () => <ObjectScreen config={config} />;
