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
    { key: 'description', header: 'Description', cell: (t) => t.description ?? '—' },
    { key: 'minutes', header: 'Minutes', cell: (t) => String(t.minutes) },
    { key: 'started', header: 'Started', cell: (t) => formatTime(t.startedAt) },
    { key: 'project', header: 'Project', cell: (t) => <NameOf group="projects" id={t.projectId} /> },
    { key: 'billable', header: 'Billable', cell: (t) => listWord(t.billable ? 'yes' : 'no') },
  ],
  fields: [
    { name: 'description' },
    { name: 'projectId' },
    { name: 'taskId' },
    { name: 'minutes', hint: 'Or give the start and end below.' },
    { name: 'startedAt' },
    { name: 'endedAt' },
    { name: 'billable', defaultValue: true },
  ],
};

export const TimeScreen = () => <ObjectScreen config={config} />;
