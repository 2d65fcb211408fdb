/**
 * Backups and restore as contract operations. A restore is checked and
 * prepared by `core.backups`; closing this core and opening the restored one
 * is the host's (`HostServices.replaceCore`, core-holder.ts), since the host
 * holds the core and what is wired to it. None of these writes through the
 * unit of work: each runs on its own (`direct`).
 */
import { AppError } from '../errors.js';
import type { Core } from '../services.js';
import { commitPolicies } from './policy.js';
import type { BackupOps, HandlerGroup, HostServices } from './types.js';

export function backupHandlers(core: Core, host: HostServices): HandlerGroup<BackupOps> {
  const { read, direct } = commitPolicies(core.work);
  return {
    'backups.list': read(() => core.backups.list()),
    'backups.create': direct(() => core.backups.create('manual')),
    'backups.restore': direct(async (input) => {
      const replaceCore = host.replaceCore;
      if (!replaceCore) {
        throw new AppError(
          'conflict',
          'This host cannot restore while running: stop dVersum and use npm run restore',
        );
      }
      const plan = await core.backups.prepareRestore(input);
      try {
        await replaceCore(plan);
      } catch (err) {
        plan.discard();
        throw err;
      }
      return {
        restoredFrom: plan.source,
        beforeRestore: plan.beforeRestore,
        pausedReason: plan.pausedReason,
      };
    }),
  };
}
