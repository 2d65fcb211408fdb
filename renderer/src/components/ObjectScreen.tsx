/**
 * A business object's screen: a searchable list (pages fetched by cursor), a
 * create/edit form, and the state changes of each row (send, mark paid, …).
 * Its operations come from the object's entry in the resource table; the screen
 * module gives the columns, fields and row actions. Every word comes from the
 * `business` catalog, keyed by the resource key and the column's, field's or
 * action's name (the English in the screen module equals the catalog's: the
 * catalog test holds them together).
 */
import { useInfiniteQuery } from '@tanstack/react-query';
import { useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RESOURCES, type ActionName, type ResourceKey } from '../../../contract/resources.js';
import { useAction, useClient } from '../api/client-context.js';
import type { ContractError } from '../api/errors.js';
import { i18n } from '../i18n/i18n.js';
import { ConfirmButton } from './ConfirmButton.js';
import { ErrorText } from './ErrorText.js';
import { ObjectForm } from './ObjectForm.js';
import type { FieldSpec, ObjectGroup } from './object-fields.js';
import { DownloadPdfButton } from './DownloadPdfButton.js';
import { statusLabel } from './StatusBadge.js';

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
  /** `key` names the column in the catalog (`business:<resource>.columns.<key>`); `header` is its English. */
  columns: { key: string; header: string; cell: (item: Item) => ReactNode }[];
  fields: FieldSpec[];
  actions?: RowAction<K>[];
  canEdit?: (item: Item) => boolean;
  canDelete?: (item: Item) => boolean;
  /** Invoices and quotes: each row offers its PDF (DownloadPdfButton). */
  document?: true;
}

/** A word of one object's screen from the `business` catalog, in the window's language. */
export const objectWord = (resource: ResourceKey, key: string, options?: Record<string, unknown>): string =>
  i18n.t(`business:${resource}.${key}` as never, options as never) as unknown as string;

/** A word every object's list shares (`business:list.*`), such as Yes and No. */
export const listWord = (key: 'yes' | 'no'): string => i18n.t(`business:list.${key}`);

/** The catalog's word where it has one (a field's hint), else the screen module's English. */
const wordOr = (resource: ResourceKey, key: string, english: string): string =>
  i18n.exists(`business:${resource}.${key}`) ? objectWord(resource, key) : english;

/** The form's fields in the window's language: labels, hints and status options from the catalogs. */
function translatedFields(resource: ResourceKey, fields: FieldSpec[]): FieldSpec[] {
  return fields.map((f) => {
    const out = { ...f, label: objectWord(resource, `fields.${f.name}`) } as FieldSpec;
    if (f.hint) out.hint = wordOr(resource, `hints.${f.name}`, f.hint);
    if (out.kind === 'select' && out.options)
      out.options = out.options.map((o) => ({ ...o, label: statusLabel(o.value) }));
    return out;
  });
}

/** What the screen shows of its entry: the operation group and the resource key for its words. */
interface Words {
  group: ObjectGroup;
  resource: ResourceKey;
}

const wordsOf = (key: ResourceKey): Words => ({ group: RESOURCES[key].list, resource: key });

const PAGE = 50;

function ActionButton({
  action,
  words,
  item,
  name,
}: {
  action: RowAction;
  words: Words;
  item: Item;
  name: string;
}) {
  const run = useAction(`${words.group}.${action.action}` as 'tasks.complete', {
    alsoRefresh: action.alsoRefresh,
  });
  const go = () => run.mutate({ id: item.id } as never);
  const label = objectWord(words.resource, `actions.${action.action}`);
  return (
    <>
      {action.confirm ? (
        <ConfirmButton
          question={objectWord(words.resource, `confirm.${action.action}`, { name })}
          confirmLabel={label}
          onConfirm={go}
        >
          {label}
        </ConfirmButton>
      ) : (
        <button type="button" onClick={go} disabled={run.isPending}>
          {label}
        </button>
      )}
      {run.error ? (
        <span className="field-error" role="alert">
          <ErrorText error={run.error} />
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
  const { t } = useTranslation('business', { keyPrefix: 'list' });
  const remove = useAction(`${words.group}.delete` as 'clients.delete');
  const name = config.nameOf(item);
  return (
    <>
      <ConfirmButton
        question={objectWord(words.resource, 'deleteQuestion', { name })}
        confirmLabel={t('delete')}
        onConfirm={() => remove.mutate({ id: item.id })}
      >
        {t('delete')}
      </ConfirmButton>
      {remove.error ? (
        <span className="field-error" role="alert">
          <ErrorText error={remove.error} />
        </span>
      ) : null}
    </>
  );
}

export function ObjectScreen({ config }: { config: ObjectScreenConfig }) {
  const { t, i18n: language } = useTranslation('business', { keyPrefix: 'list' });
  const { t: tc } = useTranslation();
  const words = wordsOf(config.resource);
  const word = (key: string, options?: Record<string, unknown>) => objectWord(words.resource, key, options);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the language changes the words
  const fields = useMemo(() => translatedFields(config.resource, config.fields), [config, language.language]);
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
        <h1 id="screen-title">{tc(`objects.${words.resource}`)}</h1>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          {word('new')}
        </button>
      </header>
      {editing ? (
        <ObjectForm
          key={editing === 'new' ? 'new' : editing.id}
          group={words.group}
          singular={word('singular')}
          fields={fields}
          item={editing === 'new' ? undefined : editing}
          readOnly={editing !== 'new' && !canEdit(editing)}
          name={editing === 'new' ? undefined : config.nameOf(editing)}
          onDone={() => setEditing(null)}
        />
      ) : null}
      <label className="field search">
        <span className="label">{word('search')}</span>
        <input type="search" value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
      </label>
      {list.isError ? (
        <p className="form-error" role="alert">
          <ErrorText error={list.error} />
        </p>
      ) : null}
      <table className="list">
        <thead>
          <tr>
            {config.columns.map((c) => (
              <th key={c.key} scope="col">
                {word(`columns.${c.key}`)}
              </th>
            ))}
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const name = config.nameOf(item);
            return (
              <tr key={item.id}>
                {config.columns.map((c) => (
                  <td key={c.key}>{c.cell(item)}</td>
                ))}
                <td>
                  <div className="row-actions">
                    {(config.actions ?? [])
                      .filter((a) => a.when(item))
                      .map((a) => (
                        <ActionButton key={a.action} action={a} words={words} item={item} name={name} />
                      ))}
                    {config.document ? <DownloadPdfButton id={item.id} /> : null}
                    {/* What can no longer change (a sent invoice) still opens, read-only. */}
                    <button type="button" onClick={() => setEditing(item)}>
                      {canEdit(item) ? t('edit') : t('open')}
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
      {list.isPending ? <p className="hint">{tc('app.loading')}</p> : null}
      {!list.isPending && items.length === 0 ? (
        <p className="empty">
          {deferredSearch ? word('noMatch', { search: deferredSearch }) : word('empty')}
        </p>
      ) : null}
      {list.hasNextPage ? (
        <button type="button" onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
          {list.isFetchingNextPage ? tc('app.loading') : t('loadMore')}
        </button>
      ) : null}
    </section>
  );
}
