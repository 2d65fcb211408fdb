/**
 * What every business object does alike, once: `list`, `get`, `delete`, the
 * row by id (404 in the entry's `noun`), the row ↔ object mapping and its
 * JSON columns (`row-codec.ts`, derived from the entry's item schema and the
 * table's columns), inserting with a new id and stamps, saving a change with
 * its event, and what an update changes. Each domain service extends it and
 * keeps only its rules, state changes and events.
 *
 * From the resource table (`contract/resources.ts`): the table is the entry's
 * `list`; `delete` refuses while the row is referred to when another entry's
 * `references` name this one, and raises `<event>.deleted` (the object as it
 * was) when the entry lists that event. An object's own rule for deleting
 * (only a draft) is `refuseDelete`.
 */
import {
  REFERENCED_KEYS,
  type EventOf,
  type EventType,
  type ListInput,
  type ReferencedKey,
  type Resource,
  type ResourceKey,
} from '../../../contract/index.js';
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import { mapPage, type Page } from '../store/repositories/list-page.js';
import type { ObjectRepositories } from '../store/repositories/objects.js';
import type { RowTable } from '../store/repositories/row-table.js';
import { hasKeys, type ChangeDeps } from './mutation.js';
import { refuseDeleteWhileReferenced } from './references.js';
import type { ItemOf, RowOf, StoredRowOf } from './object-rows.js';
import { rowCodec, type RowCodec } from './row-codec.js';

export type { ItemOf, RowOf, StoredRowOf };

/** The fields of a row that hold a list (a JSON column such as tags). */
type ListFieldOf<R> = { [F in keyof R]-?: R[F] extends readonly unknown[] ? F : never }[keyof R];

/** What a create gives; the body adds the id and the stamps, and `[]` for a list it leaves out. */
export type NewRowOf<K extends ResourceKey> = Omit<
  RowOf<K>,
  'id' | 'createdAt' | 'updatedAt' | ListFieldOf<RowOf<K>>
> &
  Partial<Pick<RowOf<K>, ListFieldOf<RowOf<K>>>>;

/** What an object's service is built from: the change's needs, its table and the reference counts. */
export interface ObjectDeps<K extends ResourceKey> extends ChangeDeps {
  tables: Pick<ObjectRepositories, Resource<K>['list'] | 'references'>;
}

export abstract class ObjectBody<K extends ResourceKey, D extends ObjectDeps<K> = ObjectDeps<K>> {
  private readonly table: RowTable<StoredRowOf<K>>;
  private readonly codec: RowCodec<StoredRowOf<K>, RowOf<K>, ItemOf<K>>;
  private readonly referenced: boolean;
  private readonly raisesDeleted: boolean;

  constructor(
    protected readonly resource: Resource<K>,
    protected readonly ctx: D,
  ) {
    const tables = ctx.tables as unknown as Record<string, RowTable<StoredRowOf<K>>>;
    this.table = tables[resource.list];
    this.codec = rowCodec(resource, this.table.columns);
    this.referenced = (REFERENCED_KEYS as readonly ResourceKey[]).includes(resource.key);
    this.raisesDeleted = (resource.events as readonly string[]).includes('deleted');
  }

  list(input: ListInput): Page<ItemOf<K>> {
    return mapPage(this.table.page(input), (stored) => this.toItem(this.codec.decode(stored)));
  }

  get(id: string): ItemOf<K> {
    return this.toItem(this.row(id));
  }

  delete(id: string): void {
    this.ctx.work.transaction(() => {
      const current = this.row(id);
      this.refuseDelete(current);
      if (this.referenced)
        refuseDeleteWhileReferenced(this.ctx.tables, this.resource.key as ReferencedKey, id);
      this.table.delete(id);
      if (this.raisesDeleted)
        this.raise(`${this.resource.event}.deleted` as EventOf<Resource<K>>, this.toItem(current));
    });
  }

  /** The object's own rule against deleting this row (throws); none unless it has one. */
  protected refuseDelete(_row: RowOf<K>): void {}

  /** The row with this id, or a 404 "No time entry with id …". */
  protected row(id: string): RowOf<K> {
    const stored = this.table.find(id);
    if (!stored) throw notFound(this.resource.noun, id);
    return this.codec.decode(stored);
  }

  /** A row the store read another way (the overdue check's). */
  protected decode(stored: StoredRowOf<K>): RowOf<K> {
    return this.codec.decode(stored);
  }

  protected toItem(row: RowOf<K>): ItemOf<K> {
    return this.codec.toItem(row);
  }

  protected raise(type: EventOf<Resource<K>>, item: ItemOf<K>): void {
    this.ctx.outbox.record(type as EventType, item as object);
  }

  /** Inserts a new row (its id and stamps from `now`) and raises `<event>.created` with it. */
  protected insert(values: NewRowOf<K>, now = this.ctx.clock.now()): ItemOf<K> {
    const row = this.codec.withEmptyLists({
      ...values,
      id: newId(this.resource.key, now),
      createdAt: now,
      updatedAt: now,
    }) as RowOf<K>;
    this.table.insert(this.codec.encode(row));
    const item = this.toItem(row);
    this.raise(`${this.resource.event}.created` as EventOf<Resource<K>>, item);
    return item;
  }

  /** Writes `set` over the row, raises `event` (if any) with the object after it, and answers that. */
  protected save(current: RowOf<K>, set: Partial<RowOf<K>>, event?: EventOf<Resource<K>>): ItemOf<K> {
    const row = { ...current, ...set };
    this.table.update(this.codec.encode(row));
    const item = this.toItem(row);
    if (event) this.raise(event, item);
    return item;
  }

  /** The values that differ from the row (undefined leaves a field alone; JSON columns compared as stored). */
  protected changes<V extends object>(current: RowOf<K>, values: V): Partial<V> {
    const row = current as unknown as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(values).filter(
        ([key, value]) => value !== undefined && !this.codec.same(key, row[key], value),
      ),
    ) as Partial<V>;
  }

  /** An update: the changes saved with `<event>.updated`, or, when nothing changed, nothing written or raised. */
  protected edit(current: RowOf<K>, changes: Partial<RowOf<K>>): ItemOf<K> {
    if (!hasKeys(changes)) return this.toItem(current);
    const set = { ...changes, updatedAt: this.ctx.clock.now() } as Partial<RowOf<K>>;
    return this.save(current, set, `${this.resource.event}.updated` as EventOf<Resource<K>>);
  }
}
