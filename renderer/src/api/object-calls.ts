/**
 * A business object's operations, typed by its key in the resource table:
 * what its list, create, update, state changes and delete take and answer
 * (`contract/object-operations.ts` derives them from the entry's schemas).
 * The names (`tasks.list`) are built from the entry at run time, which
 * TypeScript cannot follow: `callObject` is the one place that says what such
 * a call answers, so the screens never cast an object.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ListInput } from '../../../contract/common.js';
import type { CrudName } from '../../../contract/object-operations.js';
import type { ContractClient, OperationName, OpInput } from '../../../contract/operations.js';
import {
  RESOURCES,
  type ActionName,
  type Resource,
  type ResourceKey,
  type ResourceList,
} from '../../../contract/resources.js';
import type { ObjectInput } from '../components/form-values.js';
import { useChange, useClient } from './client-context.js';
import type { ContractError } from './errors.js';

/** An object as the API answers it (`Task` for `task`). */
export type ItemOf<K extends ResourceKey> = z.output<Resource<K>['schemas']['item']>;
/** Any object of the table (what a state change answers: the object, or the one it made). */
export type AnyItem = ItemOf<ResourceKey>;
/** What creating one takes (`taskCreate`'s input). */
export type CreateOf<K extends ResourceKey> = z.input<Resource<K>['schemas']['create']>;
/** One page of a list. */
export interface PageOf<K extends ResourceKey> {
  items: ItemOf<K>[];
  nextCursor?: string;
}

/** `tasks.list`, `invoices.send`: an operation of the entry, by its short name. */
export const objectOperation = <K extends ResourceKey>(
  key: K,
  name: CrudName | ActionName<K>,
): OperationName => `${RESOURCES[key].list}.${name}` as OperationName;

const listOperation = (list: ResourceList): OperationName => `${list}.list` as OperationName;

/** The call of an operation named at run time, answering what its entry's schemas say (see the header). */
function callObject<O>(client: ContractClient, name: OperationName, input: object): Promise<O> {
  return client.call(name, input as OpInput<OperationName>) as Promise<O>;
}

/** An object's list, fetched by cursor in pages of `limit`, filtered by `search`. */
export function useObjectPages<K extends ResourceKey>(key: K, search: string, limit: number) {
  const client = useClient();
  const name = listOperation(RESOURCES[key].list);
  return useInfiniteQuery<PageOf<K>, ContractError>({
    queryKey: [name, { search }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      callObject<PageOf<K>>(client, name, {
        limit,
        ...(search ? { search } : {}),
        ...(typeof pageParam === 'string' ? { cursor: pageParam } : {}),
      } satisfies ListInput),
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** A related object as a select and a list cell name it: its name, a task's title. */
export const displayName = (item: AnyItem): string =>
  'name' in item ? item.name : 'title' in item ? item.title : item.id;

/** The first 200 objects of a list (a select's options, a cell's name), shared by every screen through the cache. */
export function useObjectNames(list: ResourceList, enabled = true) {
  const client = useClient();
  const name = listOperation(list);
  const input: ListInput = { limit: 200 };
  return useQuery<{ items: AnyItem[] }, ContractError>({
    queryKey: [name, input],
    queryFn: () => callObject<{ items: AnyItem[] }>(client, name, input),
    enabled,
  });
}

/** Creates an object, or updates one (`{ id, ...changes }`); answers it as saved. */
export function useObjectSave<K extends ResourceKey>(key: K, update: boolean, onSuccess: () => void) {
  const client = useClient();
  const name = objectOperation(key, update ? 'update' : 'create');
  return useChange(name, (input: ObjectInput) => callObject<ItemOf<K>>(client, name, input), { onSuccess });
}

/** One of the entry's state changes on the object `id`: answers the object after it, or the one it made. */
export function useObjectAction<K extends ResourceKey>(
  key: K,
  action: ActionName<K>,
  alsoRefresh?: ResourceList[],
) {
  const client = useClient();
  const name = objectOperation(key, action);
  return useChange(name, (input: { id: string }) => callObject<AnyItem>(client, name, input), {
    alsoRefresh,
  });
}

export function useObjectDelete(key: ResourceKey) {
  const client = useClient();
  const name = objectOperation(key, 'delete');
  return useChange(name, (input: { id: string }) => callObject<{ ok: true }>(client, name, input));
}
