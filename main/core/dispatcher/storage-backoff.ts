/**
 * After a storage fault (a full disk, a read-only file) the dispatcher sends
 * nothing for a few seconds: a send whose attempt cannot be recorded would be
 * sent again at once, over and over. It says so once per fault, and tries
 * again when its timer fires. Nothing is lost meanwhile: events wait in the
 * outbox, deliveries in their rows.
 *
 * Recording that fails with anything else (a bug, an SQL error that is not a
 * storage fault) holds sending the same way (`recordFailed`): the delivery
 * stays due in its row, and re-sending it at once would flood its receiver
 * (`unrecorded-sends.ts` then holds that delivery on the retry schedule's steps).
 * That is said once, until an attempt is recorded again (`recorded`).
 */
import type { Clock } from '../clock.js';
import { storageError } from '../store/storage-errors.js';

export const STORAGE_FAULT_BACKOFF_MS = 5_000;

export class StorageBackoff {
  /** Clock time until which nothing is sent; 0 when there is no fault. */
  private until = 0;
  /** Whether a record failure that is not a storage fault was said and no attempt was recorded since. */
  private recordFault = false;

  constructor(private readonly clock: Clock) {}

  /** Whether `err` is a storage fault; if so, the back-off starts (or starts again). */
  caught(err: unknown): boolean {
    const fault = storageError(err);
    if (!fault) return false;
    const first = this.until === 0;
    this.until = this.clock.now() + STORAGE_FAULT_BACKOFF_MS;
    if (first) {
      console.error(
        `dVersum dispatcher: ${fault.message} Deliveries wait; trying again every ${STORAGE_FAULT_BACKOFF_MS / 1000} s.`,
      );
    }
    return true;
  }

  /**
   * Recording an attempt of `deliveryId` threw `err`: sending waits the back-off, whatever the fault.
   * True when it was not a storage fault (the delivery is stuck: `unrecorded-sends.ts`).
   */
  recordFailed(err: unknown, deliveryId: string): boolean {
    if (this.caught(err)) return false;
    this.until = this.clock.now() + STORAGE_FAULT_BACKOFF_MS;
    if (this.recordFault) return true;
    this.recordFault = true;
    console.error(
      `dVersum dispatcher: delivery ${deliveryId} was sent, but its attempt could not be recorded. ` +
        `It stays due and is sent again on the retry schedule's steps (dispatch.status lists it); ` +
        `other deliveries wait ${STORAGE_FAULT_BACKOFF_MS / 1000} s.`,
      err,
    );
    return true;
  }

  /** An attempt was recorded: a record failure that comes again is said again. */
  recorded(): void {
    this.recordFault = false;
  }

  /** Whether sending may go on at `now`. */
  allows(now: number): boolean {
    return now >= this.until;
  }

  /** How long until sending may go on; undefined (and the fault forgotten) when it may now. */
  remaining(now: number): number | undefined {
    if (this.until > now) return this.until - now;
    this.until = 0;
    return undefined;
  }
}
