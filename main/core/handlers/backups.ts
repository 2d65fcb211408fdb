/**
 * Backups and restore as contract operations. A restore is checked and
 * prepared by `core.backups`; closing this core and opening the restored one
 * is the host's (`HostServices.replaceCore`, core-holder.ts), since the host
 * holds the core and what is wired to it. None of these writes through the
 * unit of work: each runs on its own (`direct`). While a restore runs, the
 * writes (a second restore among them) get availability.ts's 503.
 */
import { RestoredCoreFailedError } from '../core-holder.js';
import { AppError } from '../errors.js';
import type { Core } from '../services.js';
import { commitPolicies } from './policy.js';
import type { BackupOps, HandlerGroup, HostServices } from './types.js';

export function backupHandlers(core: Core, host: HostServices): HandlerGroup<BackupOps> {
  const { read, direct } = commitPolicies(core);
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
        if (err instanceof RestoredCoreFailedError) {
          throw new AppError(
            'internal',
            `${plan.source} passed its checks but did not open (${err.message}): nothing was restored, ` +
              'and dVersum goes on with the database it had. Try another backup.',
          );
        }
        throw err;
      }
      return {
        restoredFrom: plan.source,
        beforeRestore: plan.beforeRestore!,
        pausedReason: plan.pausedReason,
      };
    }),
  };
}
