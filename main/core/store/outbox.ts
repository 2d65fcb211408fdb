/**
 * The outbox: every change that raises an event calls `record` inside the same
 * transaction as the change, so an event exists exactly when its change does.
 * Listeners (the dispatcher) are woken at the end of the turn, after the unit
 * of work's flush has committed; a rolled-back event wakes them for nothing,
 * which is harmless.
 *
 * Services call `record(type, data)` and know no table: the insert is a
 * drizzle prepared statement, built once (`repositories/prepared.ts`).
 */
import { sql } from 'drizzle-orm';
import type { EventType, WebhookEvent } from '../../../contract/index.js';
import { toIso, type Clock } from '../clock.js';
import { newId } from '../ids.js';
import type { Db } from './database.js';
import { storeData } from './event-data.js';
import { onFirstUse } from './repositories/prepared.js';
import { outbox } from './schema.js';
import type { AfterCommitListener, UnitOfWork } from './unit-of-work.js';

/** Adds to an event's data before it is stored (documents: `data.documentUrl`), in the change's transaction. */
export type EventDecorator = (type: EventType, data: object) => object;

export class Outbox {
  private readonly insert;
  private decorator: EventDecorator | undefined;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly work: UnitOfWork,
  ) {
    this.insert = onFirstUse(() =>
      db
        .insert(outbox)
        .values({
          id: sql.placeholder('id'),
          type: sql.placeholder('type'),
          payload: sql.placeholder('payload'),
          packed: sql.placeholder('packed'),
          payloadForm: sql.placeholder('form'),
          createdAt: sql.placeholder('createdAt'),
          webhookId: sql.placeholder('webhookId'),
        })
        .prepare(),
    );
  }

  /**
   * Writes the event row; call it inside the transaction that makes the change.
   * `to` addresses it to one webhook only (a test event), whatever it subscribed to.
   */
  record(type: EventType, data: object, to?: { webhookId: string }): WebhookEvent {
    const now = this.clock.now();
    // A test event (addressed to one webhook) carries sample data as it is.
    const decorated = to || !this.decorator ? data : this.decorator(type, data);
    const event: WebhookEvent = {
      id: newId('event', now),
      type,
      timestamp: toIso(now),
      data: decorated as Record<string, unknown>,
    };
    const webhookId = to?.webhookId ?? null;
    // Only `data` is kept: the envelope is rebuilt from the row's columns when read (event-data.ts).
    const stored = storeData(JSON.stringify(event.data));
    this.insert().run({ id: event.id, type, ...stored, createdAt: now, webhookId });
    this.work.wake();
    return event;
  }

  /** The one decorator (core.ts sets the documents'). */
  decorate(decorator: EventDecorator): void {
    this.decorator = decorator;
  }

  onRecorded(listener: AfterCommitListener): () => void {
    return this.work.afterCommit(listener);
  }
}
