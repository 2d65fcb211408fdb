/**
 * Fan-out, the first stage: which webhooks get a delivery for an event, the
 * one place that decides it.
 *
 * - A webhook gets the events it subscribed to (a list, or `["*"]`); a
 *   disabled one gets them as `skipped` (replayable) with its reason, never sent.
 * - A subscription an API key made (REST hooks) gets an event only while that
 *   key is active and holds the event's read permission (`mayReceiveEvent`):
 *   the webhooks are read joined with their keys in the fan-out's own
 *   transaction, so a key revoked or stripped of a permission before that
 *   point gets nothing, and one revoked after skips what this made.
 * - An event addressed to one webhook (a test event, `outbox.record(…, {webhookId})`)
 *   goes to that webhook only, whatever it subscribed to or filters.
 * - A webhook health event (`health-events.ts`) goes to the webhook the setting
 *   `healthEventsTo` names, whatever it subscribed to or filters, and to every webhook
 *   that lists its type by name (`*` does not take them: they are about dVersum's
 *   webhooks, not the owner's business); a `webhook.failing` or `webhook.disabled` is
 *   kept from the webhook it is about, as `skipped`. (A test event of a health type is
 *   a test event: its webhook only.)
 * - A webhook with a filter (`filter.ts`) gets only the events whose payload matches it;
 *   the others make no delivery (so they spend none of its outgoing limit) and are counted
 *   on the webhook (`filtered_out`), in this transaction. The payload is read and parsed
 *   once per event, and only when a filtered webhook would receive it.
 * - Each webhook's `events` JSON is parsed once per batch, not per event.
 * - Events are taken oldest first, a batch per transaction, and marked fanned out in it.
 * - When: in the end-of-turn flush that records them (a turn writer of `store/unit-of-work.ts`),
 *   so an event's deliveries are committed with it, in the same transaction, and the dispatcher,
 *   woken after that commit, finds them made. Events recorded outside a flush, or left by a writer
 *   that failed, are fanned out by the dispatcher's `run` (in a transaction of its own) as before.
 */
import { isHealthEvent, mayReceiveEvent } from '../../../contract/index.js';
import type { Clock } from '../clock.js';
import { newId } from '../ids.js';
import type { OutgoingStore } from '../store/outgoing-store.js';
import type { FanOutHook } from '../store/repositories/webhooks.js';
import type { TurnWriter, UnitOfWork } from '../store/unit-of-work.js';
import { disabledReason } from './disable.js';
import { compileFilter } from './filter.js';
import { ownHealthSkip } from './health-events.js';

/**
 * Which event types a webhook gets a delivery for: those it subscribed to, and for
 * a key's subscription only while the key is active and holds the read permission.
 */
export function subscriptionFilter(hook: FanOutHook): (eventType: string) => boolean {
  const events = JSON.parse(hook.events) as string[];
  const subscribed = events.includes('*')
    ? (type: string) => !isHealthEvent(type) || events.includes(type)
    : (type: string) => events.includes(type);
  if (hook.source !== 'api' && hook.keyId === null) return subscribed;
  const active = hook.keyPermissions !== null && hook.keyEnabled === true && hook.keyRevokedAt === null;
  if (!active) return () => false;
  const granted = JSON.parse(hook.keyPermissions!) as string[];
  return (type) => subscribed(type) && mayReceiveEvent(granted, type);
}

const BATCH = 500;
/** An event whose stored data cannot be read (see `read` in `batch`). */
const UNREADABLE = Symbol('unreadable');

export class FanOut {
  constructor(
    private readonly store: Pick<OutgoingStore, 'events' | 'webhooks' | 'deliveries' | 'isOpen'>,
    private readonly work: UnitOfWork,
    private readonly clock: Clock,
    /** The setting `healthEventsTo`: the webhook the health events are addressed to. */
    private readonly healthTo: () => string | null = () => null,
  ) {
    work.addWriter(this.turnWriter);
  }

  /** Fans every new event out into deliveries; returns how many deliveries were made. */
  run(batchSize = BATCH): number {
    // The dispatcher asks after every round; most times there is nothing new, and no transaction is needed to see that.
    if (!this.store.events.anyToFanOut()) return 0;
    let made = 0;
    for (;;) {
      const batch = this.work.transaction(() => this.batch(batchSize));
      made += batch.made;
      if (batch.events < batchSize) return made;
    }
  }

  /**
   * The flush's writer: the turn's events fanned out inside its transaction (no second BEGIN and
   * COMMIT per turn, as when the dispatcher did it after the commit).
   */
  private readonly turnWriter: TurnWriter = {
    // Asked only when the turn recorded an event; `batch` finds nothing if its change was rolled back.
    afterEvents: true,
    pending: () => this.store.isOpen(),
    write: () => {
      while (this.batch(BATCH).events === BATCH);
    },
  };

  private batch(batchSize: number): { events: number; made: number } {
    const { events, webhooks, deliveries } = this.store;
    const now = this.clock.now();
    const rows = webhooks.forFanOut();
    // No webhook at all: no event can make a delivery, so they are only marked, not read.
    if (rows.length === 0) {
      events.markFannedOut(Number.MAX_SAFE_INTEGER, now);
      return { events: 0, made: 0 };
    }
    const batch = events.toFanOut(batchSize);
    if (batch.length === 0) return { events: 0, made: 0 };
    const hooks = rows.map((hook) => ({
      hook,
      receives: subscriptionFilter(hook),
      matches: compileFilter(hook.filter),
    }));
    const filteredOut = new Map<string, number>();
    const healthTo = this.healthTo();
    let made = 0;
    for (const event of batch) {
      let payload: unknown;
      const read = (): unknown => {
        if (payload !== undefined) return payload;
        try {
          payload = JSON.parse(events.payload(event.id) ?? 'null');
        } catch {
          // Damaged in storage: no filter can judge it, and dropping it would hide it. Its deliveries are
          // made and end failed at their send, saying why (prepare.ts), while every other event goes on.
          payload = UNREADABLE;
        }
        return payload;
      };
      const health = isHealthEvent(event.type) && event.webhookId === null;
      for (const { hook, receives, matches } of hooks) {
        const addressed = event.webhookId === hook.id || (health && healthTo === hook.id);
        if (!addressed && (event.webhookId !== null || !receives(event.type))) continue;
        if (matches && !addressed && read() !== UNREADABLE && !matches(read())) {
          filteredOut.set(hook.id, (filteredOut.get(hook.id) ?? 0) + 1);
          continue;
        }
        const skipped = disabledReason(hook) ?? (health ? ownHealthSkip(event.type, read(), hook.id) : null);
        deliveries.insert({
          id: newId('delivery', now),
          webhookId: hook.id,
          eventId: event.id,
          eventType: event.type,
          status: skipped === null ? 'pending' : 'skipped',
          nextAttemptAt: skipped === null ? now : null,
          lastError: skipped,
          // A test event is the owner trying the receiver: it never counts toward a failing streak.
          manual: event.webhookId !== null,
          now,
        });
        made++;
      }
    }
    for (const [webhookId, count] of filteredOut) webhooks.addFilteredOut(webhookId, count);
    events.markFannedOut(batch[batch.length - 1].seq, now);
    return { events: batch.length, made };
  }
}
