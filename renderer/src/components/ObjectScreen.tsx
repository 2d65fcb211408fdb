/**
 * A business object's screen: a searchable list (pages fetched by cursor), a
 * create/edit form, and the state changes of each row (send, mark paid, …).
 * Its operations come from the object's entry in the resource table; the screen
 * module gives the columns, fields and row actions. Every word comes from the
 * `business` catalog, keyed by the resource key and the column's, field's or
 * action's name (the English in the screen module equals the catalog's: the
 * catalog test holds them together).
 */
import { useDeferredValue, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { type ActionName, type ResourceKey, type ResourceList } from '../../../contract/resources.js';
import {
  useObjectAction,
  useObjectDelete,
  useObjectPages,
  type AnyItem,
  type ItemOf,
} from '../api/object-calls.js';
import { i18n } from '../i18n/i18n.js';
import { ConfirmButton } from './ConfirmButton.js';
import { ErrorText } from './ErrorText.js';
import { ObjectForm } from './ObjectForm.js';
import { formFields, type FieldSpec, type FormField } from './object-fields.js';
import { DownloadPdfButton } from './DownloadPdfButton.js';

export interface RowAction<K extends ResourceKey = ResourceKey> {
  label: string;
  /** One of the entry's state changes (`send` is `invoices.send`). */
  action: ActionName<K>;
  /** Ask first, with this question. */
  confirm?: string;
  when: (item: ItemOf<K>) => boolean;
  /** Other lists the change moves (`quotes.convert` makes an invoice). */
  alsoRefresh?: ResourceList[];
  /** What to show once it succeeded, from its answer (the object, or what it made: a link to it). */
  done?: (out: AnyItem) => ReactNode;
}

/**
 * One object's screen. Everything is typed from the entry `K`: a column's
 * cell and a row action read the contract's object (`ItemOf<K>`), and a
 * field names a field of its create schema (`FieldSpec<K>`), so renaming a
 * contract field fails the typecheck here.
 */
export interface ObjectScreenConfig<K extends ResourceKey = ResourceKey> {
  /** The object's key in the resource table. */
  resource: K;
  /** The row's name, for labels and confirmations. */
  nameOf: (item: ItemOf<K>) => string;
  /** `key` names the column in the catalog (`business:<resource>.columns.<key>`); `header` is its English. */
  columns: { key: string; header: string; cell: (item: ItemOf<K>) => ReactNode }[];
  /** The form's fields in their order; each one's kind comes from the contract (object-fields.ts). */
  fields: FieldSpec<K>[];
  actions?: RowAction<K>[];
  canEdit?: (item: ItemOf<K>) => boolean;
  canDelete?: (item: ItemOf<K>) => boolean;
  /** Invoices and quotes: each row offers its PDF (DownloadPdfButton). */
  document?: true;
}

/** What the catalog's words are filled in with (`{{name}}`, `{{count}}`). */
export type WordValues = { [name: string]: string | number };

/** A word of one object's screen from the `business` catalog, in the window's language. */
export const objectWord = (resource: ResourceKey, key: string, options?: WordValues): string =>
  String(i18n.t(`business:${resource}.${key}` as never, options as never));

/** A word every object's list shares (`business:list.*`), such as Yes and No. */
export const listWord = (key: 'yes' | 'no'): string => i18n.t(`business:list.${key}`);

/** The catalog's word where it has one (a field's hint), else the screen module's English. */
const wordOr = (resource: ResourceKey, key: string, english: string): string =>
  i18n.exists(`business:${resource}.${key}`) ? objectWord(resource, key) : english;

/** The form's fields with their kinds, in the window's language: labels and hints from the catalogs. */
function translatedFields<K extends ResourceKey>(resource: K, fields: FieldSpec<K>[]): FormField[] {
  return formFields(resource, fields).map((f) => ({
    ...f,
    label: objectWord(resource, `fields.${f.name}`),
    ...(f.hint ? { hint: wordOr(resource, `hints.${f.name}`, f.hint) } : {}),
  }));
}

const PAGE = 50;

function ActionButton<K extends ResourceKey>({
  resource,
  action,
  item,
  name,
}: {
  resource: K;
  action: RowAction<K>;
  item: ItemOf<K>;
  name: string;
}) {
  const run = useObjectAction(resource, action.action, action.alsoRefresh);
  const go = () => run.mutate({ id: item.id });
  const label = objectWord(resource, `actions.${action.action}`);
  return (
    <>
      {action.confirm ? (
        <ConfirmButton
          question={objectWord(resource, `confirm.${action.action}`, { name })}
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
          {action.done(run.data)}
        </span>
      ) : null}
    </>
  );
}

function DeleteButton<K extends ResourceKey>({
  config,
  item,
}: {
  config: ObjectScreenConfig<K>;
  item: ItemOf<K>;
}) {
  const { t } = useTranslation('business', { keyPrefix: 'list' });
  const remove = useObjectDelete(config.resource);
  const name = config.nameOf(item);
  return (
    <>
      <ConfirmButton
        question={objectWord(config.resource, 'deleteQuestion', { name })}
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

export function ObjectScreen<K extends ResourceKey>({ config }: { config: ObjectScreenConfig<K> }) {
  const { t, i18n: language } = useTranslation('business', { keyPrefix: 'list' });
  const { t: tc } = useTranslation();
  // The words are looked up by key; the calls and the form are typed by the entry.
  const resource: ResourceKey = config.resource;
  const word = (key: string, options?: WordValues) => objectWord(resource, key, options);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the language changes the words
  const fields = useMemo(() => translatedFields(config.resource, config.fields), [config, language.language]);
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const [editing, setEditing] = useState<ItemOf<K> | 'new' | null>(null);
  const canEdit = config.canEdit ?? (() => true);

  const list = useObjectPages(config.resource, deferredSearch, PAGE);
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-header">
        <h1 id="screen-title">{tc(`objects.${resource}`)}</h1>
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          {word('new')}
        </button>
      </header>
      {editing ? (
        <ObjectForm
          key={editing === 'new' ? 'new' : editing.id}
          resource={config.resource}
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
                        <ActionButton
                          key={a.action}
                          resource={config.resource}
                          action={a}
                          item={item}
                          name={name}
                        />
                      ))}
                    {config.document ? <DownloadPdfButton id={item.id} /> : null}
                    {/* What can no longer change (a sent invoice) still opens, read-only. */}
                    <button type="button" onClick={() => setEditing(item)}>
                      {canEdit(item) ? t('edit') : t('open')}
                    </button>
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
