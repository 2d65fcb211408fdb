/**
 * The types of an object's row and item, derived from the resource table and
 * the repositories: the item from the entry's item schema, the stored row from
 * its table (`ObjectRepositories[entry.list]`), and the row the domain works
 * on, whose JSON columns are read (row-codec.ts).
 */
import type { z } from 'zod';
import type { Resource, ResourceKey } from '../../../contract/index.js';
import type { ObjectRepositories } from '../store/repositories/objects.js';
import type { RowTable } from '../store/repositories/row-table.js';

/** The object as the API, the events and the window see it. */
export type ItemOf<K extends ResourceKey> = z.output<Resource<K>['schemas']['item']>;
/** The row as the store holds it (JSON columns as text). */
export type StoredRowOf<K extends ResourceKey> =
  ObjectRepositories[Resource<K>['list']] extends RowTable<infer S> ? S : never;
/** A stored row with its JSON columns read: a field the item holds as a list or object is that. */
export type Decoded<S, I> = {
  [F in keyof S]: F extends keyof I ? (NonNullable<I[F]> extends object ? I[F] : S[F]) : S[F];
};
/** The row the domain works on. */
export type RowOf<K extends ResourceKey> = Decoded<StoredRowOf<K>, ItemOf<K>>;
