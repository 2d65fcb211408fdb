/**
 * A business object's screen: a searchable list (pages fetched by cursor), a
 * create/edit form, and the state changes of each row (send, mark paid, …).
 * Its title, its words for one object and its operations come from the
 * object's entry in the resource table; the screen module gives the columns,
 * fields and row actions.
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useDeferredValue, useState, type ReactNode } from 'react';
import { RESOURCES, singularLabel, type ActionName, type ResourceKey } from '../../../contract/resources.js';
import { useAction, useClient } from '../api/client-context.js';
import type { ContractError } from '../api/errors.js';
import { ConfirmButton } from './ConfirmButton.js';
import { ObjectForm } from './ObjectForm.js';
import type { FieldSpec, ObjectGroup } from './object-fields.js';

export type Item = Record<string, unknown> & { id: string };

export interface RowAction<K extends ResourceKey = ResourceKey> {
  label: string;
  /** One of the entry's state changes (`send` is `invoices.send`). */
  action: ActionName<K>;
  /** Ask first, with this question. */
  confirm?: string;
  when: (item: Item) => boolean;
  /** Other lists the change moves (`quotes.convert` makes an invoice). */
  alsoRefresh?: ObjectGroup[];
  /** What to show once it succeeded, from its answer (a link to what it made). */
  done?: (out: Item) => ReactNode;
}

export interface ObjectScreenConfig<K extends ResourceKey = ResourceKey> {
  /** The object's key in the resource table. */
  resource: K;
  /** The row's name, for labels and confirmations. */
  nameOf: (item: Item) => string;
  columns: { header: string; cell: (item: Item) => ReactNode }[];
  fields: FieldSpec[];
  actions?: RowAction<K>[];
  canEdit?: (item: Item) => boolean;
  canDelete?: (item: Item) => boolean;
}

/** What the screen shows of its entry: the operation group, the list's title and one object's name. */
interface Words {
  group: ObjectGroup;
  title: string;
  singular: string;
}

const wordsOf = (key: ResourceKey): Words => {
  const resource = RESOURCES[key];
  return { group: resource.list, title: resource.label, singular: singularLabel(resource) };
};

const PAGE = 50;

function ActionButton({
  action,
  group,
  item,
  name,
}: {
  action: RowAction;
  group: ObjectGroup;
  item: Item;
  name: string;
}) {
  const run = useAction(`${group}.${action.action}` as 'tasks.complete', {
    alsoRefresh: action.alsoRefresh,
  });
  const go = () => run.mutate({ id: item.id } as never);
  return (
    <>
      {action.confirm ? (
        <ConfirmButton
          question={action.confirm.replace('{name}', name)}
          confirmLabel={action.label}
          onConfirm={go}
        >
          {action.label}
        </ConfirmButton>
      ) : (
        <button type="button" onClick={go} disabled={run.isPending}>
          {action.label}
        </button>
      )}
      {run.error ? (
        <span className="field-error" role="alert">
          {run.error.message}
        </span>
      ) : null}
      {run.data && action.done ? (
        <span className="notice" role="status">
          {action.done(run.data as unknown as Item)}
        </span>
      ) : null}
    </>
  );
}

function DeleteButton({ config, words, item }: { config: ObjectScreenConfig; words: Words; item: Item }) {
  const remove = useAction(`${words.group}.delete` as 'clients.delete');
  const name = config.nameOf(item);
  return (
    <>
      <ConfirmButton
        question={`Delete ${words.singular.toLowerCase()} "${name}"? This cannot be undone.`}
        confirmLabel="Delete"
        onConfirm={() => remove.mutate({ id: item.id })}
      >
        Delete
      </ConfirmButton>
      {remove.error ? (
        <span className="field-error" role="alert">
          {remove.error.message}
        </span>
      ) : null}
    </>
  );
}

export function ObjectScreen({ config }: { config: ObjectScreenConfig }) {
  const words = wordsOf(config.resource);
  const client = useClient();
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const listOp = `${words.group}.list` as 'clients.list';
  const canEdit = config.canEdit ?? (() => true);

  const list = useInfiniteQuery<{ items: Item[]; nextCursor?: string }, ContractError>({
    queryKey: [listOp, { search: deferredSearch }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      client.call(listOp, {
        limit: PAGE,
        ...(deferredSearch ? { search: deferredSearch } : {}),
        ...(pageParam ? { cursor: pageParam as string } : {}),
      }) as unknown as Promise<{ items: Item[]; nextCursor?: string }>,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">{words.title}</h1>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          New {words.singular}
        </button>
      </header>
      {editing ? (
        <ObjectForm
          key={editing === 'new' ? 'new' : editing.id}
          group={words.group}
          singular={words.singular}
          fields={config.fields}
          item={editing === 'new' ? undefined : editing}
          readOnly={editing !== 'new' && !canEdit(editing)}
          name={editing === 'new' ? undefined : config.nameOf(editing)}
          onDone={() => setEditing(null)}
        />
      ) : null}
      <label className="field search">
        <span className="label">Search {words.title.toLowerCase()}</span>
        <input type="search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
      </label>
      {list.isError ? (
        <p className="form-error" role="alert">
          {list.error.message}
        </p>
      ) : null}
      <table className="list">
        <thead>
          <tr>
            {config.columns.map((c) => (
              <th key={c.header} scope="col">
                {c.header}
              </th>
            ))}
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const name = config.nameOf(item);
            return (
              <tr key={item.id}>
                {config.columns.map((c) => (
                  <td key={c.header}>{c.cell(item)}</td>
                ))}
                <td>
                  <div className="row-actions">
                    {(config.actions ?? [])
                      .filter((a) => a.when(item))
                      .map((a) => (
                        <ActionButton key={a.label} action={a} group={words.group} item={item} name={name} />
                      ))}
                    {/* What can no longer change (a sent invoice) still opens, read-only. */}
                    <button type="button" onClick={() => setEditing(item)}>
                      {canEdit(item) ? 'Edit' : 'Open'}
                    </button>
                    {(config.canDelete ?? (() => true))(item) ? (
                      <DeleteButton config={config} words={words} item={item} />
                    ) : null}
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {list.isPending ? <p className="hint">Loading…</p> : null}
      {!list.isPending && items.length === 0 ? (
        <p className="empty">
          {deferredSearch
            ? `No ${words.title.toLowerCase()} match "${deferredSearch}".`
            : `No ${words.title.toLowerCase()} yet.`}
        </p>
      ) : null}
      {list.hasNextPage ? (
        <button type="button" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
    </section>
  );
}
