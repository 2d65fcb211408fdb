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
    { name: 'description', kind: 'textarea' },
    { name: 'projectId', kind: 'select', from: 'projects' },
    { name: 'taskId', kind: 'select', from: 'tasks' },
    {
      name: 'minutes',
      kind: 'number',
      empty: 'omit',
      hint: 'Or give the start and end below.',
    },
    { name: 'startedAt', kind: 'datetime', empty: 'omit' },
    { name: 'endedAt', kind: 'datetime', empty: 'omit' },
    { name: 'billable', kind: 'checkbox', defaultValue: true },
  ],
};

export const TimeScreen = () => <ObjectScreen config={config} />;
