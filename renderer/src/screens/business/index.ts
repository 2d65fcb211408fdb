/**
 * Each business object's screen, by its key in the resource table. The
 * window's navigation lists them in the table's window order (App.tsx);
 * tsc asks for the screen of an object added to the table.
 */
import type { ReactNode } from 'react';
import type { ResourceKey } from '../../../../contract/resources.js';
import { ClientsScreen } from './ClientsScreen.js';
import { InvoicesScreen } from './InvoicesScreen.js';
import { ProjectsScreen } from './ProjectsScreen.js';
import { QuotesScreen } from './QuotesScreen.js';
import { TasksScreen } from './TasksScreen.js';
import { TimeScreen } from './TimeScreen.js';

export const OBJECT_SCREENS: Record<ResourceKey, () => ReactNode> = {
  client: ClientsScreen,
  project: ProjectsScreen,
  task: TasksScreen,
  timeEntry: TimeScreen,
  quote: QuotesScreen,
  invoice: InvoicesScreen,
};
