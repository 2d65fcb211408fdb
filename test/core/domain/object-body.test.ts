/**
 * The generic body (domain/object-body.ts) for every object of the resource
 * table, through the contract handlers as the transports call them: `list`
 * (newest first, by cursor, each item exactly the entry's item schema), `get`,
 * the 404 in the entry's noun, and `delete` with what the entry says of it
 * (`<event>.deleted` carrying the object as it was when the entry lists that
 * event, else none; refused while another object's `references` name it).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  REFERENCED_KEYS,
  referrersOf,
  RESOURCE_LIST,
  RESOURCES,
  singularLabel,
  type Resource,
  type ResourceKey,
} from '../../../contract/index.js';
import { createFixture, failure, rowCounts, type Fixture } from '../../support/core.js';
import { exampleInput } from '../../support/example-input.js';

let f: Fixture;
beforeEach(() => {
  f = createFixture();
});
afterEach(() => f.core.close());

const make = async (r: Resource, body: Record<string, unknown>) =>
  (await call(`${r.list}.create`, body)) as { id: string };
/** A valid create from the entry's own example (test/support/example-input.ts). */
const inputOf = (
  _: Fixture,
  r: Resource,
  made?: Map<ResourceKey, string>,
  only?: string,
): Promise<Record<string, unknown>> => exampleInput(r, make, made, only);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const call = (name: string, input: unknown): Promise<any> => (f.call as any)(name, input);
const exactly = (r: Resource) => (r.schemas.item as z.ZodObject).strict();
const missingId = (r: Resource) => `${r.prefix}_0000000000aaaaaaaaaaaaaaaa`;

describe.each(RESOURCE_LIST.map((r) => [r.list, r] as const))(
  '%s through the generic body',
  (_, resource) => {
    const make = async (): Promise<{ id: string }> =>
      call(`${resource.list}.create`, await inputOf(f, resource));

    it('lists newest first in pages by cursor, each item exactly the entry’s item, equal to get', async () => {
      const made = [];
      for (let i = 0; i < 3; i++) {
        made.push(await make());
        f.tick(1_000);
      }
      const first = await call(`${resource.list}.list`, { limit: 2 });
      const second = await call(`${resource.list}.list`, { limit: 2, cursor: first.nextCursor });
      const ids = made.map((m) => m.id).reverse();
      expect([...first.items, ...second.items].map((i: { id: string }) => i.id)).toEqual(ids);
      expect(second.nextCursor).toBeUndefined();
      for (const listed of [...first.items, ...second.items]) {
        expect(exactly(resource).parse(listed)).toEqual(listed);
        expect(await call(`${resource.list}.get`, { id: listed.id })).toEqual(listed);
      }
      expect(made.at(-1)).toEqual(first.items[0]);
    });

    it('finds an object by each of the entry’s search fields, ignoring case, and not the others', async () => {
      const other = await make();
      for (const field of resource.search) {
        const made = await make();
        const patchable = field in resource.schemas.patch.shape;
        const value = patchable
          ? `Needle-${field}-${made.id.slice(-8)}${field === 'email' ? '@example.test' : ''}`
          : ((await call(`${resource.list}.get`, { id: made.id }))[field] as string | null);
        if (patchable) await call(`${resource.list}.update`, { id: made.id, [field]: value });
        // An invoice's number is given when it is sent: a draft's is null, found by no search.
        if (value === null) continue;
        const found = await call(`${resource.list}.list`, { search: value.toLowerCase() });
        expect([field, found.items.map((i: { id: string }) => i.id)]).toEqual([field, [made.id]]);
        expect(found.items.map((i: { id: string }) => i.id)).not.toContain(other.id);
      }
    });

    it('answers 404 in the entry’s noun for an id that names nothing, on get and delete', async () => {
      const expected = {
        status: 404,
        code: 'not_found',
        message: `No ${resource.noun} with id ${missingId(resource)}`,
      };
      expect(await failure(call(`${resource.list}.get`, { id: missingId(resource) }))).toEqual(expected);
      expect(await failure(call(`${resource.list}.delete`, { id: missingId(resource) }))).toEqual(expected);
    });

    it('deletes: gone from get and list, with <event>.deleted carrying it as it was exactly when the entry lists that event', async () => {
      const made = await make();
      const before = await call(`${resource.list}.get`, { id: made.id });
      const events = f.outboxTypes().length;
      f.tick(60_000);
      await call(`${resource.list}.delete`, { id: made.id });
      expect(await failure(call(`${resource.list}.get`, { id: made.id }))).toMatchObject({ status: 404 });
      const listed = await call(`${resource.list}.list`, {});
      expect(listed.items.map((i: { id: string }) => i.id)).not.toContain(made.id);
      const raised = f.outbox().slice(events);
      if ((resource.events as readonly string[]).includes('deleted')) {
        expect(raised.map((r) => [r.type, r.event.data])).toEqual([[`${resource.event}.deleted`, before]]);
      } else {
        expect(raised).toEqual([]);
      }
    });
  },
);

describe.each(REFERENCED_KEYS.map((key) => [RESOURCES[key].list, RESOURCES[key]] as const))(
  '%s, which other objects name',
  (_, resource) => {
    it('refuses to delete while another object names it (409 counting the referrer), writing nothing', async () => {
      for (const { referrer, field } of referrersOf(resource.key)) {
        const named = new Map<ResourceKey, string>();
        const made = await call(`${resource.list}.create`, await inputOf(f, resource, named));
        named.set(resource.key, made.id);
        await call(`${referrer.list}.create`, {
          ...(await inputOf(f, referrer, named, field)),
          [field]: made.id,
        });
        const counts = rowCounts(f.core);
        expect(await failure(call(`${resource.list}.delete`, { id: made.id }))).toEqual({
          status: 409,
          code: 'conflict',
          message: `${singularLabel(resource)} ${made.id} is still used by 1 ${referrer.noun}; delete or reassign them first`,
        });
        expect(rowCounts(f.core)).toEqual(counts);
      }
    });
  },
);
