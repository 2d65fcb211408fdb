/**
 * The events feed (`GET /api/v1/events`): the outbox read back in seq order,
 * for consumers that poll or were away longer than the retry schedule. Rules:
 * - only the types the key may read (`mayReceiveEvent`), whatever `types` asks;
 *   test events (addressed to one webhook) are never part of it;
 * - `after` is an event id, resolved to its seq: a page holds the events after it
 *   (newest first: before it), so a cursor never skips or repeats an event even
 *   when events are recorded between pages; an id that names no feed event (never
 *   stored, a test event, or pruned by retention) is a 422 naming `query.after`,
 *   and so is an event of a type the key may not read: the same answer byte for
 *   byte, from the same single lookup (the readable types are part of it), so
 *   neither the answer nor its timing tells a key that such an event exists;
 * - an unknown type in `types` is a 422 naming `query.types` and the type;
 * - `nextCursor` is the last item's id when more events exist, absent otherwise,
 *   so n8n's "Update a Parameter in Each Request" stops on an empty cursor.
 * Parameters are named as the server's own query validation names them (`query.limit`).
 * Items are the stored payloads, unparsed: the body each delivery sent.
 */
import { EVENT_TYPES, mayReceiveEvent, type EventType } from '../../../contract/index.js';
import { invalid } from '../errors.js';
import type { OutboxEventsRepository } from '../store/repositories/outbox-events.js';

export const FEED_DEFAULT_LIMIT = 50;
export const FEED_MAX_LIMIT = 100;

export interface FeedRequest {
  after?: string;
  /** Event types to include; all the key may read when absent. */
  types?: readonly string[];
  limit?: number;
  order?: 'asc' | 'desc';
}

export interface FeedPage {
  /** Each item the stored JSON of one event `{ id, type, timestamp, data }`. */
  payloads: string[];
  nextCursor?: string;
}

const KNOWN = new Set<string>(EVENT_TYPES);

export class EventsFeed {
  constructor(private readonly deps: { events: Pick<OutboxEventsRepository, 'feed' | 'feedSeq'> }) {}

  /** One page for a key holding `granted`. */
  page(request: FeedRequest, granted: readonly string[]): FeedPage {
    const unknown = request.types?.find((type) => !KNOWN.has(type));
    if (unknown !== undefined) {
      throw invalid([{ path: 'query.types', message: `has an unknown event type: "${unknown}"` }]);
    }
    const readable = EVENT_TYPES.filter((type) => mayReceiveEvent(granted, type));
    let afterSeq: number | null = null;
    if (request.after !== undefined) {
      afterSeq = this.deps.events.feedSeq(request.after, readable) ?? null;
      if (afterSeq === null)
        throw invalid([{ path: 'query.after', message: `names no event: "${request.after}"` }]);
    }
    const wanted: readonly string[] = request.types ?? EVENT_TYPES;
    const types = [...new Set(wanted)].filter((type) => mayReceiveEvent(granted, type as EventType));
    const limit = request.limit ?? FEED_DEFAULT_LIMIT;
    // One more than the page tells whether a next page exists.
    const rows = this.deps.events.feed({ afterSeq, types, limit: limit + 1, order: request.order ?? 'asc' });
    const page = rows.slice(0, limit);
    return {
      // An event whose stored data cannot be read is left out; the cursor still moves past it.
      payloads: page.flatMap((row) => (row.payload === null ? [] : [row.payload])),
      ...(rows.length > limit ? { nextCursor: page[page.length - 1]!.id } : {}),
    };
  }
}
