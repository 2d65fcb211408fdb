/**
 * The outbox: every change that raises an event calls `record` inside the same
 * transaction as the change, so an event exists exactly when its change does.
 * Listeners (the dispatcher) are woken after the current synchronous work, by
 * which time better-sqlite3's transaction has committed; a rolled-back event
 * wakes them for nothing, which is harmless.
 */
import { sql } from 'drizzle-orm';
import type { EventType, WebhookEvent } from '../../../contract/index.js';
import { toIso, type Clock } from '../clock.js';
import { newId } from '../ids.js';
import type { Db } from '../store/database.js';
import { outbox } from '../store/schema.js';

export class Outbox {
  private readonly listeners = new Set<() => void>();
  private wakeScheduled = false;
  /** Prepared once: drizzle builds a query's SQL anew on every call, which costs more than the insert. */
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.insert = db
      .insert(outbox)
      .values({
        id: sql.placeholder('id'),
        type: sql.placeholder('type'),
        payload: sql.placeholder('payload'),
        createdAt: sql.placeholder('createdAt'),
      })
      .prepare();
  }

  /** Writes the event row; call it inside the transaction that makes the change. */
  record(type: EventType, data: object): WebhookEvent {
    const now = this.clock.now();
    const event: WebhookEvent = {
      id: newId('event', now),
      type,
      timestamp: toIso(now),
      data: data as Record<string, unknown>,
    };
    this.insert.run({ id: event.id, type, payload: JSON.stringify(event), createdAt: now });
    this.scheduleWake();
    return event;
  }

  onRecorded(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private scheduleWake(): void {
    if (this.wakeScheduled || this.listeners.size === 0) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      for (const listener of this.listeners) listener();
    });
  }
}
