/**
 * Whether the core takes calls, for the restore (core-holder.ts):
 * - `open`: everything;
 * - `restoring`: a restore is under way on this core: every write (IPC,
 *   /admin/rpc, /api/v1) is refused with a 503 that says so, so nothing is
 *   acknowledged after the "before restore" copy and then lost; reads go on;
 * - `closed`: the core is closed, or being replaced: every call that reads the
 *   database is refused too, with a 503 rather than SQLite's "connection is not open".
 * The commit policies (handlers/policy.ts) and the server's first hook (server/app.ts)
 * ask it; `/healthz` says "not ok" unless it is open.
 */
import { AppError } from './errors.js';

export type AvailabilityState = 'open' | 'restoring' | 'closed';

const RETRY = { 'retry-after': '5' };

export class Availability {
  private current: AvailabilityState = 'open';

  get state(): AvailabilityState {
    return this.current;
  }

  set(state: AvailabilityState): void {
    this.current = state;
  }

  get writable(): boolean {
    return this.current === 'open';
  }

  get readable(): boolean {
    return this.current !== 'closed';
  }

  /** The 503 for a call refused now: a write while restoring, anything while closed. */
  refusal(): AppError {
    return this.current === 'restoring'
      ? new AppError(
          'unavailable',
          'A backup is being restored: nothing was saved. Try again in a few seconds, once the restore is done.',
          undefined,
          RETRY,
        )
      : new AppError(
          'unavailable',
          'The dVersum database is closed (a restore is replacing it, or dVersum is stopping): try again in a few seconds.',
          undefined,
          RETRY,
        );
  }

  assertWritable(): void {
    if (!this.writable) throw this.refusal();
  }

  assertReadable(): void {
    if (!this.readable) throw this.refusal();
  }
}
