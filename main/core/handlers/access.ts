/**
 * API keys, the incoming log, settings, the metrics token and app info, for the window (IPC) and
 * headless mode (/admin/rpc). Key changes go through the turn's group commit;
 * settings commit on their own (their cache and listeners move with them), see policy.ts.
 */
import { checkDailyLimits } from '../access/rate-limiter.js';
import { validateTrustedProxies } from '../access/trusted-proxies.js';
import type { Core } from '../services.js';
import { APP_VERSION } from '../server/app-version.js';
import { DOCS_PATH } from '../server/openapi.js';
import { commitPolicies } from './policy.js';
import type { AccessOps, HandlerGroup, HostServices } from './types.js';

export function accessHandlers(core: Core, host: HostServices): HandlerGroup<AccessOps> {
  const { read, change, direct } = commitPolicies(core);
  return {
    'keys.list': read(() => ({ items: core.keys.list() })),
    'keys.create': change((input) => core.keys.create(input)),
    'keys.update': change((input) => core.keys.update(input)),
    'keys.revoke': change(({ id }) => core.keys.revoke(id)),
    'keys.rotate': change(({ id }) => core.keys.rotate(id)),

    'incomingLog.list': read((input) => core.incomingLog.list(input)),

    'settings.get': read(() => core.settings.get()),
    'settings.update': direct((patch) => {
      if (patch.trustedProxies) validateTrustedProxies(patch.trustedProxies);
      if (patch.rateLimits) checkDailyLimits({ ...core.settings.get().rateLimits, ...patch.rateLimits });
      if (patch.backups?.folder) core.backups.checkFolder(patch.backups.folder);
      if (patch.healthEventsTo) core.webhooks.checkHealthTarget(patch.healthEventsTo);
      return core.settings.update(patch);
    }),

    'metrics.get': read(() => core.metricsAccess.status()),
    'metrics.update': direct(({ enabled }) => core.metricsAccess.setEnabled(enabled)),
    'metrics.rotateToken': direct(() => core.metricsAccess.rotate()),

    'app.info': read(() => {
      const serverUrl = host.serverUrl();
      const { publicUrl } = core.settings.get();
      return {
        version: APP_VERSION,
        serverUrl,
        publicUrl,
        docsUrl: `${serverUrl}${DOCS_PATH}`,
        mode: host.mode,
      };
    }),
  };
}
