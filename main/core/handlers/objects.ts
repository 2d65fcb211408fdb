/**
 * The business objects as contract operations, derived from the resource
 * table: for every entry `<list>.list|get|create|update|delete` and its state
 * changes, each a thin call into its service under its commit policy
 * (`objectRunners`: reads at once, every change through the turn's group
 * commit; the REST routes use the same runners). Update inputs are
 * `{ id, ...patch }`; delete answers `{ ok: true }`.
 */
import { RESOURCE_LIST, type ListInput, type Resource } from '../../../contract/index.js';
import { objectRunners, type ObjectServices } from './object-services.js';
import { commitPolicies, type CommitPolicies, type PolicyServices } from './policy.js';
import type { HandlerGroup, ObjectOps } from './types.js';

const OK = { ok: true } as const;

type AnyHandler = (input: never) => unknown;

/** One entry's handlers, by operation name. */
function handlersOf(
  resource: Resource,
  services: ObjectServices,
  policy: CommitPolicies,
): [string, AnyHandler][] {
  const run = objectRunners(services, resource, policy);
  const rows: Record<string, AnyHandler> = {
    list: (input: ListInput) => run.list(input),
    get: ({ id }: { id: string }) => run.get(id),
    create: (input: unknown) => run.create(input),
    update: ({ id, ...patch }: { id: string }) => run.update(id, patch),
    delete: async ({ id }: { id: string }) => (await run.delete(id), OK),
  };
  for (const name of Object.keys(resource.actions)) {
    const change = run.action(name);
    rows[name] = ({ id }: { id: string }) => change(id);
  }
  return Object.entries(rows).map(([name, handler]) => [`${resource.list}.${name}`, handler]);
}

export function objectHandlers(core: ObjectServices & PolicyServices): HandlerGroup<ObjectOps> {
  const policy = commitPolicies(core);
  const handlers = Object.fromEntries(
    RESOURCE_LIST.flatMap((resource) => handlersOf(resource, core, policy)),
  );
  // Each name is `<list>.<operation>` of an entry, exactly ObjectOps (object-operations.ts
  // derives the operations from the same entries); a handler takes its operation's parsed input.
  return handlers as HandlerGroup<ObjectOps>;
}
