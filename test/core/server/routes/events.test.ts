/**
 * GET /api/v1/events through the server: the feed pages through the outbox
 * in seq order without gaps or repeats (10,000 events), newest first on
 * `order=desc`, narrowed to the types the key may read, without test events;
 * a cursor sees the events recorded after it; retention's pruning ends an
 * event's place in the feed; each bad parameter is a 422 naming it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { event, type EventType } from '../../../../contract/index.js';
import { storeOf } from '../../../../main/core/store/database.js';
import { createHarness, errorOf, type Harness } from '../../../support/server.js';
import { outboxBodies } from '../../../support/outbox-bodies.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

interface Page {
  items: { id: string; type: string; timestamp: string; data: Record<string, unknown> }[];
  nextCursor?: string;
}

const feed = (key: string, query = '') => h.call(key, { method: 'GET', url: `/api/v1/events${query}` });
const page = async (key: string, query = ''): Promise<Page> => {
  const res = await feed(key, query);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as Page;
};

/** Records events of these types in one transaction; returns their ids in order. */
function record(types: EventType[]): string[] {
  const { sqlite } = storeOf(h.core.store);
  return sqlite.transaction(() =>
    types.map((type, n) => h.core.outbox.record(type, { id: `obj_${n}`, n }).id),
  )();
}

describe('GET /api/v1/events', () => {
  it('pages through 10,000 events oldest first: every id once, in order, no gaps', async () => {
    const ids = record(Array.from({ length: 10_000 }, (_, n) => (n % 2 ? 'task.created' : 'client.created')));
    const key = h.key(['tasks:read', 'clients:read']);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const body = await page(key, `?limit=100${cursor ? `&after=${cursor}` : ''}`);
      seen.push(...body.items.map((item) => item.id));
      cursor = body.nextCursor;
      pages += 1;
      h.clock.advance(1_000); // stay inside the per-key rate limit (100 in any 60 s)
    } while (cursor);
    expect(pages).toBe(100);
    expect(seen).toEqual(ids);
  });

  it('returns the stored events as they are, newest first on order=desc', async () => {
    const ids = record(['task.created', 'task.updated', 'task.completed']);
    const key = h.key(['tasks:read']);
    const rows = outboxBodies(storeOf(h.core.store).sqlite);
    const asc = await page(key);
    expect(asc.items).toEqual(rows.map((row) => JSON.parse(row.body)));
    for (const item of asc.items) expect(event.safeParse(item).success).toBe(true);
    expect(asc.nextCursor).toBeUndefined();

    const first = await page(key, '?order=desc&limit=2');
    expect(first.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).toBe(ids[1]);
    const second = await page(key, `?order=desc&limit=2&after=${first.nextCursor}`);
    expect(second.items.map((item) => item.id)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeUndefined();
  });

  it('gives events recorded after the cursor on the next call', async () => {
    const [firstId] = record(['task.created']);
    const key = h.key(['tasks:read']);
    expect((await page(key)).items.map((item) => item.id)).toEqual([firstId]);
    expect((await page(key, `?after=${firstId}`)).items).toEqual([]);
    const later = record(['task.updated', 'task.deleted']);
    const next = await page(key, `?after=${firstId}`);
    expect(next.items.map((item) => item.id)).toEqual(later);
    expect(next.nextCursor).toBeUndefined();
  });

  it('returns only the types the key may read, and of those only the types asked for', async () => {
    const ids = record(['task.created', 'invoice.created', 'invoice.paid', 'client.created', 'task.updated']);
    const tasksOnly = h.key(['tasks:read', 'invoices:create']);
    expect((await page(tasksOnly)).items.map((item) => item.type)).toEqual(['task.created', 'task.updated']);
    expect((await page(tasksOnly, '?types=invoice.paid,invoice.created')).items).toEqual([]);
    const none = h.key([]);
    expect((await page(none)).items).toEqual([]);

    const reader = h.key(['tasks:read', 'invoices:read']);
    const asked = await page(reader, '?types=task.created,invoice.paid');
    expect(asked.items.map((item) => item.id)).toEqual([ids[0], ids[2]]);
  });

  it('leaves out test events addressed to one webhook, as items and as cursors', async () => {
    const [taskId] = record(['task.created']);
    const { sqlite } = storeOf(h.core.store);
    const testId = sqlite.transaction(
      () => h.core.outbox.record('webhook.test', { message: 'hi' }, { webhookId: 'whk_x' }).id,
    )();
    const key = h.key(['tasks:read']);
    expect((await page(key)).items.map((item) => item.id)).toEqual([taskId]);
    const res = await feed(key, `?after=${testId}`);
    expect(res.statusCode).toBe(422);
    expect(errorOf(res).message).toBe(`Query parameter after: names no event: "${testId}"`);
  });

  it('leaves out an event whose stored data cannot be read, and pages on past it', async () => {
    const { sqlite } = storeOf(h.core.store);
    const description = 'A description long enough for the event data to be stored deflated in the outbox.';
    const ids = sqlite.transaction(() =>
      ['First', 'Damaged', 'Last'].map(
        (title) => h.core.outbox.record('task.created', { id: 'tsk_1', title, description }).id,
      ),
    )();
    const stored = sqlite.prepare('SELECT payload_form AS form FROM outbox WHERE id = ?').get(ids[1]);
    expect(stored).toEqual({ form: 2 });
    sqlite.prepare(`UPDATE outbox SET packed = X'0001020304050607' WHERE id = ?`).run(ids[1]);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const key = h.key(['tasks:read']);
    expect((await page(key)).items.map((item) => item.id)).toEqual([ids[0], ids[2]]);
    // One at a time: the damaged event's page is empty, and its cursor leads on to the next.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const body = await page(key, `?limit=1${cursor ? `&after=${cursor}` : ''}`);
      seen.push(...body.items.map((item) => item.id));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([ids[0], ids[2]]);
    expect(errors.mock.calls.some((args) => String(args[0]).includes(ids[1]!))).toBe(true);
    errors.mockRestore();
  });

  it('keeps events for as long as retention does: a pruned event is gone, and so is its cursor', async () => {
    const old = record(['task.created', 'task.updated']);
    await h.core.dispatcher.runDue(); // no webhooks: fanned out to nobody, which retention needs
    h.clock.advance((h.core.settings.get().logRetentionDays + 1) * 86_400_000);
    const [kept] = record(['task.deleted']);
    expect(await h.core.logRetention.prune()).toEqual({ deliveries: 0, events: 2 });
    const key = h.key(['tasks:read']);
    expect((await page(key)).items.map((item) => item.id)).toEqual([kept]);
    const res = await feed(key, `?after=${old[1]}`);
    expect(res.statusCode).toBe(422);
    expect(errorOf(res).message).toBe(`Query parameter after: names no event: "${old[1]}"`);
  });

  describe('bad input: 422 naming the parameter', () => {
    it('refuses a cursor that names no event', async () => {
      const key = h.key(['tasks:read']);
      const res = await feed(key, '?after=evt_nosuchevent');
      expect(res.statusCode).toBe(422);
      expect(errorOf(res)).toEqual({
        code: 'validation_failed',
        message: 'Query parameter after: names no event: "evt_nosuchevent"',
        details: {
          fields: [
            { path: 'query.after', message: 'Query parameter after: names no event: "evt_nosuchevent"' },
          ],
        },
      });
    });

    it('answers an `after` the key may not read exactly as one that names no event: same status, same bytes', async () => {
      const [invoiceId] = record(['invoice.paid']);
      record(['task.created']);
      // A key that may read it pages on from it: the event exists.
      expect((await page(h.key(['invoices:read', 'tasks:read']), `?after=${invoiceId}`)).items).toHaveLength(
        1,
      );

      const tasksOnly = h.key(['tasks:read', 'invoices:create']);
      const hidden = await feed(tasksOnly, `?after=${invoiceId}`);
      // An id of the same shape that was never stored.
      const neverId = `evt_${'z'.repeat(invoiceId.length - 4)}`;
      const never = await feed(tasksOnly, `?after=${neverId}`);
      expect(hidden.statusCode).toBe(422);
      expect(never.statusCode).toBe(422);
      expect(hidden.body).toBe(
        `{"error":{"code":"validation_failed","message":"Query parameter after: names no event: \\"${invoiceId}\\"",` +
          `"details":{"fields":[{"path":"query.after","message":"Query parameter after: names no event: \\"${invoiceId}\\""}]}}}`,
      );
      expect(hidden.body).toBe(never.body.replaceAll(neverId, invoiceId));
      // The rate-limit headers count this key's calls down; everything else is the same.
      const headers = (res: typeof hidden) =>
        Object.entries(res.headers).filter(([name]) => name !== 'date' && !name.startsWith('ratelimit'));
      expect(headers(hidden)).toEqual(headers(never));
      // A key without any read permission: the same answer again.
      const none = await feed(h.key(['tasks:write']), `?after=${invoiceId}`);
      expect(none.statusCode).toBe(422);
      expect(none.body).toBe(hidden.body);
    });

    it('refuses an unknown type in types', async () => {
      const key = h.key(['tasks:read']);
      const res = await feed(key, '?types=task.created,task.exploded');
      expect(res.statusCode).toBe(422);
      expect(errorOf(res)).toEqual({
        code: 'validation_failed',
        message: 'Query parameter types: has an unknown event type: "task.exploded"',
        details: {
          fields: [
            {
              path: 'query.types',
              message: 'Query parameter types: has an unknown event type: "task.exploded"',
            },
          ],
        },
      });
    });

    it.each([
      ['0', 'Query parameter limit: at least 1'],
      ['101', 'Query parameter limit: at most 100'],
      ['1.5', 'Query parameter limit: enter a whole number'],
      ['many', 'Query parameter limit: enter a number'],
    ])('refuses limit=%s', async (limit, message) => {
      const key = h.key(['tasks:read']);
      const res = await feed(key, `?limit=${limit}`);
      expect(res.statusCode).toBe(422);
      const error = errorOf(res);
      expect(error.code).toBe('validation_failed');
      expect(error.message).toBe(message);
      expect(error.details).toEqual({ fields: [{ path: 'query.limit', message }] });
    });

    it('refuses an order other than asc or desc', async () => {
      const key = h.key(['tasks:read']);
      const res = await feed(key, '?order=sideways');
      expect(res.statusCode).toBe(422);
      expect(errorOf(res).message).toBe('Query parameter order: choose one of asc, desc');
    });
  });
});
