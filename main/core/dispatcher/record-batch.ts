/**
 * The attempts of one webhook's sends in flight recorded together. Each group
 * commit costs about as much as a send (BEGIN IMMEDIATE … COMMIT and its WAL
 * frames: about 300 µs on the bench's machine); when each answer was recorded
 * in the turn it came, four in flight shared a commit among 2.9 attempts on
 * average (docs/performance.md, issue 22 session 4).
 *
 * A slot is still freed only once its attempt is committed (so a crash or a
 * storage fault leaves at most the sends in flight unrecorded: the reliability
 * suites' bound). But an answer whose webhook has other sends in flight waits
 * for them, so that they share one commit:
 *
 * - at once when every send of its webhook in flight has answered (a lone
 *   delivery is recorded in the same turn as before: the idle path pays nothing);
 * - after `BATCH_WAIT_MS` at the latest (a slow receiver's other sends, or a
 *   send that never answers, hold nobody longer than that).
 *
 * Released records join the turn's group commit together (each still in a
 * savepoint of its own: one that throws fails alone).
 */

/** No answer waits longer than this for its webhook's other answers. */
export const BATCH_WAIT_MS = 2;

interface Waiting {
  resolve: () => void;
  timer: NodeJS.Timeout;
}

export class RecordBatch {
  /** Per webhook, the answers waiting for the webhook's other answers. */
  private readonly waiting = new Map<string, Waiting[]>();

  /**
   * Resolves when the answer of one of `webhookId`'s sends may be recorded: when the answers
   * waiting reach `inFlight` (the webhook's sends in flight, this one among them), or after
   * `BATCH_WAIT_MS`.
   */
  join(webhookId: string, inFlight: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const list = this.waiting.get(webhookId) ?? [];
      if (list.length + 1 >= inFlight) {
        this.waiting.delete(webhookId);
        for (const waiter of list) {
          clearTimeout(waiter.timer);
          waiter.resolve();
        }
        resolve();
        return;
      }
      const timer = setTimeout(() => this.release(webhookId), BATCH_WAIT_MS);
      list.push({ resolve, timer });
      this.waiting.set(webhookId, list);
    });
  }

  /** Lets every answer of the webhook (of every webhook without one) waiting go now. */
  release(webhookId?: string): void {
    for (const id of webhookId === undefined ? [...this.waiting.keys()] : [webhookId]) {
      const list = this.waiting.get(id) ?? [];
      this.waiting.delete(id);
      for (const waiter of list) {
        clearTimeout(waiter.timer);
        waiter.resolve();
      }
    }
  }
}
