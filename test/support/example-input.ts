/**
 * A valid create for any object of the resource table, from the entry's own
 * example: each object it names is made first from that one's example, once
 * per kind (a quote's project then belongs to the quote's client). Tests that
 * need "an object of every kind" take it from here, so a new entry needs
 * nothing in them.
 */
import type { z } from 'zod';
import { RESOURCES, type Resource, type ResourceKey } from '../../contract/index.js';

/** Makes one object of `r` from `body` (through the contract, a route or the core) and gives its id. */
export type MakeObject = (
  r: Resource,
  body: Record<string, unknown>,
) => Promise<{ id: string }> | { id: string };

export async function exampleInput(
  r: Resource,
  make: MakeObject,
  /** The objects made so far in this input, by kind: named again rather than made twice. */
  made: Map<ResourceKey, string> = new Map(),
  /** Leave out every optional reference but this one (a 409 then counts one referrer). */
  only?: string,
): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = { ...(r.examples.create as Record<string, unknown>) };
  const shape = (r.schemas.create as z.ZodObject).shape as Record<string, z.ZodType>;
  for (const [field, target] of Object.entries(r.references as Readonly<Record<string, ResourceKey>>)) {
    if (only !== undefined && field !== only && shape[field]!.safeParse(undefined).success)
      delete body[field];
    if (body[field] === undefined || body[field] === null) continue;
    if (!made.has(target)) {
      const named = RESOURCES[target] as Resource;
      made.set(target, (await make(named, await exampleInput(named, make, made))).id);
    }
    body[field] = made.get(target);
  }
  return body;
}
