/**
 * A business object's screen: a searchable list (pages fetched by cursor), a
 * create/edit form, and the state changes of each row (send, mark paid, …).
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useDeferredValue, useState, type ReactNode } from 'react';
import type { OperationName } from '../../../contract/operations.js';
import { useAction, useClient } from '../api/client-context.js';
import type { ContractError } from '../api/errors.js';
import { ConfirmButton } from './ConfirmButton.js';
import { ObjectForm } from './ObjectForm.js';
import type { FieldSpec, ObjectGroup } from './object-fields.js';

export type Item = Record<string, unknown> & { id: string };

export interface RowAction {
  label: string;
  op: OperationName;
  /** Ask first, with this question. */
  confirm?: string;
  when: (item: Item) => boolean;
}

export interface ObjectScreenConfig {
  group: ObjectGroup;
  title: string;
  singular: string;
  /** The row's name, for labels and confirmations. */
  nameOf: (item: Item) => string;
  columns: { header: string; cell: (item: Item) => ReactNode }[];
  fields: FieldSpec[];
  actions?: RowAction[];
  canEdit?: (item: Item) => boolean;
  canDelete?: (item: Item) => boolean;
}

const PAGE = 50;

function ActionButton({ action, item, name }: { action: RowAction; item: Item; name: string }) {
  const run = useAction(action.op as 'tasks.complete');
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
    </>
  );
}

function DeleteButton({ config, item }: { config: ObjectScreenConfig; item: Item }) {
  const remove = useAction(`${config.group}.delete` as 'clients.delete');
  const name = config.nameOf(item);
  return (
    <>
      <ConfirmButton
        question={`Delete ${config.singular.toLowerCase()} "${name}"? This cannot be undone.`}
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
  const client = useClient();
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const [editing, setEditing] = useState<Item | 'new' | null>(null);
  const listOp = `${config.group}.list` as 'clients.list';

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
        <h1 id="screen-title">{config.title}</h1>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          New {config.singular}
        </button>
      </header>
      {editing ? (
        <ObjectForm
          key={editing === 'new' ? 'new' : editing.id}
          group={config.group}
          singular={config.singular}
          fields={config.fields}
          item={editing === 'new' ? undefined : editing}
          onDone={() => setEditing(null)}
        />
      ) : null}
      <label className="field search">
        <span className="label">Search {config.title.toLowerCase()}</span>
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
                        <ActionButton key={a.label} action={a} item={item} name={name} />
                      ))}
                    {(config.canEdit ?? (() => true))(item) ? (
                      <button type="button" onClick={() => setEditing(item)}>
                        Edit
                      </button>
                    ) : null}
                    {(config.canDelete ?? (() => true))(item) ? (
                      <DeleteButton config={config} item={item} />
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
            ? `No ${config.title.toLowerCase()} match "${deferredSearch}".`
            : `No ${config.title.toLowerCase()} yet.`}
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
