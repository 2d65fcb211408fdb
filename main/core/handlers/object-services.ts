/**
 * The business objects' services as the contract sees them, typed from the
 * resource table: `Core` must offer, under each entry's plural key
 * (`timeEntries`), a service taking that entry's parsed inputs and answering
 * its item. A domain service that drifts from its entry fails to compile here,
 * not at run time. Handlers and routes reach the services through this map,
 * and run them under the same commit policies (`objectRunners`).
 */
import type { z } from 'zod';
import type {
  ActionOutput,
  ListInput,
  Resource,
  ResourceEntry,
  ResourceKey,
} from '../../../contract/index.js';
import type { CommitPolicies, IdempotentRun } from './policy.js';

type Item<R extends ResourceEntry> = z.output<R['schemas']['item']>;

/** One object's service: CRUD on its parsed inputs, and one method per state change (answering its output). */
export type ObjectService<R extends ResourceEntry> = {
  list(input: ListInput): { items: Item<R>[]; nextCursor?: string };
  get(id: string): Item<R>;
  create(input: z.output<R['schemas']['create']>): Item<R>;
  update(id: string, patch: z.output<R['schemas']['patch']>): Item<R>;
  delete(id: string): void;
} & { [A in keyof R['actions'] & string]: (id: string) => z.output<ActionOutput<R, A>> };

/** Every object's service by its plural key, as `Core` has them. */
export type ObjectServices = { [K in ResourceKey as Resource<K>['list']]: ObjectService<Resource<K>> };

/**
 * A service seen through its entry's operations, whose inputs the contract
 * has parsed already (method parameters: each service takes its own input).
 */
export interface ParsedService {
  list(input: ListInput): { items: unknown[]; nextCursor?: string };
  get(id: string): unknown;
  create(input: unknown): unknown;
  update(id: string, patch: unknown): unknown;
  delete(id: string): void;
}

/**
 * One object's operations under their commit policies, chosen here once for the
 * contract handlers and the REST routes alike: reads at once, every change
 * (create, update, delete, each state change) through the turn's group commit;
 * a create is `idempotent`: the REST route passes its Idempotency-Key's answer,
 * committed with it, the window passes none.
 */
export interface ObjectRunners {
  list(input: ListInput): { items: unknown[]; nextCursor?: string };
  get(id: string): unknown;
  create: IdempotentRun<unknown, unknown>;
  update(id: string, patch: unknown): Promise<unknown>;
  delete(id: string): Promise<void>;
  /** A state change by its name in the entry (`send`). */
  action(name: string): (id: string) => Promise<unknown>;
}

export function objectRunners(
  services: ObjectServices,
  resource: Resource,
  policy: CommitPolicies,
): ObjectRunners {
  const service: ParsedService = services[resource.list];
  const methods = service as ParsedService & Record<string, unknown>;
  const update = policy.change(({ id, patch }: { id: string; patch: unknown }) => service.update(id, patch));
  return {
    list: policy.read((input: ListInput) => service.list(input)),
    get: policy.read((id: string) => service.get(id)),
    create: policy.idempotent((input: unknown) => service.create(input)),
    update: (id, patch) => update({ id, patch }),
    delete: policy.change((id: string) => service.delete(id)),
    action(name) {
      const run = methods[name];
      // ObjectServices makes every entry's state change a method of its service; this says which one lacks it.
      if (typeof run !== 'function') throw new Error(`${resource.list} has no state change ${name}`);
      return policy.change((id: string) => (run as (id: string) => unknown).call(service, id));
    },
  };
}
