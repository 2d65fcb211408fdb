/**
 * Every contract operation's handler, joined from the groups. Electron
 * registers these on ipcMain; headless mode serves them at /admin/rpc/<name>.
 */
import type { Core } from '../services.js';
import { accessHandlers } from './access.js';
import { backupHandlers } from './backups.js';
import { documentHandlers } from './documents.js';
import { objectHandlers } from './objects.js';
import { outgoingHandlers } from './outgoing.js';
import type { Handlers, HostServices } from './types.js';

export function createHandlers(core: Core, host: HostServices): Handlers {
  return {
    ...objectHandlers(core),
    ...accessHandlers(core, host),
    ...outgoingHandlers(core, host),
    ...backupHandlers(core, host),
    ...documentHandlers(core, host),
  };
}
