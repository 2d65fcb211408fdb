/**
 * The business objects' services, by the plural key of their entry in the
 * resource table (`contract/resources.ts`): the one list of them in the core.
 * `createCore` builds them from here and `Core` takes its object services from
 * `ObjectServicesOf`; that each matches its entry is checked where the
 * handlers and routes use them (`handlers/object-services.ts`). A new object
 * is one line here beside its domain module.
 */
import type { SettingsStore } from '../settings/settings-store.js';
import type { ObjectRepositories } from '../store/repositories/objects.js';
import { ClientsService } from './clients.js';
import { InvoicesService } from './invoices.js';
import type { ChangeDeps } from './mutation.js';
import { ProjectsService } from './projects.js';
import { QuotesService } from './quotes.js';
import { TasksService } from './tasks.js';
import { TimeEntriesService } from './time-entries.js';

/** What the object services are built from: each takes the part of it its module names. */
export interface ObjectServiceDeps extends ChangeDeps {
  tables: ObjectRepositories;
  settings: Pick<SettingsStore, 'get'>;
}

export function createObjectServices(deps: ObjectServiceDeps) {
  const invoices = new InvoicesService(deps);
  return {
    clients: new ClientsService(deps),
    projects: new ProjectsService(deps),
    tasks: new TasksService(deps),
    timeEntries: new TimeEntriesService(deps),
    quotes: new QuotesService({ ...deps, invoices }),
    invoices,
  };
}

export type ObjectServicesOf = ReturnType<typeof createObjectServices>;
