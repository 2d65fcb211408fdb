/**
 * API keys, the incoming log, settings and app info, for the window (IPC) and
 * headless mode (/admin/rpc).
 */
import { validateIpRules } from '../access/ip-whitelist.js';
import type { Core } from '../services.js';
import { APP_VERSION } from '../server/app-version.js';
import { DOCS_PATH } from '../server/openapi.js';
import type { AccessOps, HandlerGroup, HostServices } from './types.js';

export function accessHandlers(core: Core, host: HostServices): HandlerGroup<AccessOps> {
  return {
    'keys.list': () => ({ items: core.keys.list() }),
    'keys.create': (input) => core.keys.create(input),
    'keys.update': (input) => core.keys.update(input),
    'keys.revoke': ({ id }) => core.keys.revoke(id),
    'keys.rotate': ({ id }) => core.keys.rotate(id),

    'incomingLog.list': (input) => core.incomingLog.list(input),

    'settings.get': () => core.settings.get(),
    'settings.update': (patch) => {
      if (patch.trustedProxies) validateIpRules(patch.trustedProxies, 'trustedProxies');
      return core.settings.update(patch);
    },

    'app.info': () => {
      const serverUrl = host.serverUrl();
      return { version: APP_VERSION, serverUrl, docsUrl: `${serverUrl}${DOCS_PATH}`, mode: host.mode };
    },
  };
}
