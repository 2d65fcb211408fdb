/**
 * One dVersum at a time: the server's port and the database belong to the
 * first. A second launch hands over to the first (which shows its window) and
 * exits. DVERSUM_NO_SINGLE_INSTANCE=1 turns the lock off, for tests that run
 * several apps side by side with their own data folders.
 */
import type { App } from 'electron';

type AppLike = Pick<App, 'requestSingleInstanceLock'> & {
  on(event: 'second-instance', listener: () => void): unknown;
};

export function singleInstanceDisabled(env: NodeJS.ProcessEnv): boolean {
  return env.DVERSUM_NO_SINGLE_INSTANCE === '1';
}

/** True when this process may go on; false when another instance holds the lock (then quit). */
export function claimSingleInstance(app: AppLike, env: NodeJS.ProcessEnv, focusFirst: () => void): boolean {
  if (singleInstanceDisabled(env)) return true;
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => focusFirst());
  return true;
}
