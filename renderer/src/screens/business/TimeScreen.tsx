import { NameOf } from '../../components/NameOf.js';
import {
  listWord,
  objectWord,
  ObjectScreen,
  type ObjectScreenConfig,
} from '../../components/ObjectScreen.js';
import { formatTime } from '../../lib/format.js';

export const config: ObjectScreenConfig<'timeEntry'> = {
  resource: 'timeEntry',
  nameOf: (t) =>
    typeof t.description === 'string'
      ? t.description
      : objectWord('timeEntry', 'minutesName', { count: t.minutes }),
  columns: [
    { key: 'description', header: 'Description', cell: (t) => String(t.description ?? '—') },
    { key: 'minutes', header: 'Minutes', cell: (t) => String(t.minutes) },
    { key: 'started', header: 'Started', cell: (t) => formatTime(t.startedAt as string | null) },
    { key: 'project', header: 'Project', cell: (t) => <NameOf group="projects" id={t.projectId} /> },
    { key: 'billable', header: 'Billable', cell: (t) => listWord(t.billable ? 'yes' : 'no') },
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
