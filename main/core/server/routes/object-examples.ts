/**
 * Example bodies for the OpenAPI document, one for every body the API takes:
 * each object's entry in the resource table carries them (`examples`); here
 * they are attached to the request schemas. The task and time-entry examples
 * name no other object, so "Try it out" in /api/docs succeeds with them as
 * they stand.
 */
import type { z } from 'zod';
import {
  RESOURCE_LIST,
  type ResourceEntry,
  type ResourceKey,
  type Resources,
} from '../../../../contract/index.js';

type UpdateExample<K extends ResourceKey> = Resources[K]['examples'] extends { update: infer U } ? U : never;
type WithUpdate = { [K in ResourceKey]: UpdateExample<K> extends never ? never : K }[ResourceKey];

/** `taskCreate`, `taskUpdate`, … by the entry's key. */
export type Examples = { [K in ResourceKey as `${K}Create`]: Resources[K]['examples']['create'] } & {
  [K in WithUpdate as `${K}Update`]: UpdateExample<K>;
};

export const EXAMPLES = Object.fromEntries(
  RESOURCE_LIST.flatMap((r): [string, unknown][] => [
    [`${r.key}Create`, r.examples.create],
    ...('update' in r.examples ? [[`${r.key}Update`, r.examples.update] as [string, unknown]] : []),
  ]),
) as Examples;

const withExample = <T extends z.ZodType>(schema: T, example: unknown): T =>
  schema.meta({ examples: [example] }) as T;

/** The entry's request bodies, each with its example (the OpenAPI document shows it). */
export function requestBodies(resource: ResourceEntry): { create: z.ZodType; update: z.ZodType } {
  const { create, update } = resource.schemas;
  const { examples } = resource;
  return {
    create: withExample(create, examples.create),
    update: examples.update === undefined ? update : withExample(update, examples.update),
  };
}
