/**
 * The create/edit form of a business object, described by its FieldSpecs.
 * The contract's field messages appear next to each field; a failed save
 * leaves the form as it was, nothing half-saved. A new object's half-filled
 * form is a draft (lib/use-draft.ts) that survives a reload until it is saved
 * or cancelled. `readOnly` shows an object that can no longer change (a sent
 * invoice) with its items and totals, and only Close.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldLabel } from '../../../contract/field-labels.js';
import type { OperationName } from '../../../contract/operations.js';
import { RESOURCE_LIST } from '../../../contract/resources.js';
import { useAction, useOp } from '../api/client-context.js';
import { i18n } from '../i18n/i18n.js';
import { fieldError, fieldErrors } from '../api/errors.js';
import { limitsOf } from '../api/validate.js';
import { Checkbox, FormError, SelectField, TextArea, TextField } from './Field.js';
import { ItemsEditor } from './ItemsEditor.js';
import { useDraft } from '../lib/use-draft.js';
import {
  currencyOf,
  FormFieldError,
  initialValues,
  toInput,
  type FieldSpec,
  type FormValues,
  type ItemRow,
  type ObjectGroup,
} from './object-fields.js';
import { FormActions } from './FormActions.js';

type Item = Record<string, unknown> & { id: string };

/** A new object's heading is its own "New …" (`business:<resource>.new`, "Neue Rechnung"): German inflects it. */
function newTitle(group: ObjectGroup, singular: string): string {
  const resource = RESOURCE_LIST.find((r) => r.list === group)?.key;
  return resource
    ? i18n.t(`business:${resource}.new` as 'editor:form.new')
    : i18n.t('editor:form.new', { singular });
}

/** Names of another list's objects, for a select. */
function useOptions(from: 'clients' | 'projects' | 'tasks' | undefined, none: string) {
  const list = useOp(`${from ?? 'clients'}.list` as 'clients.list', { limit: 200 }, { enabled: !!from });
  const items = (list.data?.items ?? []) as unknown as { id: string; name?: string; title?: string }[];
  return [
    { value: '', label: none },
    ...items.map((i) => ({ value: i.id, label: i.name ?? i.title ?? i.id })),
  ];
}

function SelectFromList({
  spec,
  ...props
}: { spec: FieldSpec & { kind: 'select' } } & Parameters<typeof SelectField>[0]) {
  // A required choice (left out when empty) asks for one; an optional one offers None.
  const { t } = useTranslation('editor');
  const options = useOptions(
    spec.from,
    spec.empty === 'omit'
      ? t('form.choose', { label: (spec.label ?? fieldLabel(spec.name)).toLowerCase() })
      : t('form.none'),
  );
  return <SelectField {...props} options={spec.options ?? options} />;
}

export function ObjectForm({
  group,
  singular,
  fields: specs,
  item,
  readOnly,
  name,
  onDone,
}: {
  group: ObjectGroup;
  singular: string;
  fields: FieldSpec[];
  item?: Item;
  /** Show `item` without changing it (a sent invoice): its fields, items and totals, and Close. */
  readOnly?: boolean;
  /** The object's name, for the read-only heading ("Invoice INV-0001"). */
  name?: string;
  onDone: () => void;
}) {
  const { t } = useTranslation('editor');
  const [initial] = useState(() => initialValues(specs, item));
  // Only a new object's form is a draft: an edit starts from what is saved.
  const [values, setValues, draft] = useDraft<FormValues>(item ? undefined : `${group}.new`, initial);
  const op = (item ? `${group}.update` : `${group}.create`) as OperationName;
  const done = () => {
    draft.clear();
    onDone();
  };
  const save = useAction(op as 'clients.create', { onSuccess: done });
  // Amounts are read in the document's currency; an empty Currency means the default in Settings.
  const hasItems = specs.some((spec) => spec.kind === 'items');
  const settings = useOp('settings.get', {}, { enabled: hasItems });
  /** What the form refused itself (an amount it cannot read), by field path. */
  const [refused, setRefused] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(save.error), ...refused };
  const set = (name: string, value: FormValues[string]) => setValues((v) => ({ ...v, [name]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    let input: Record<string, unknown>;
    try {
      input = toInput(specs, values, item ? initial : undefined, {
        defaultCurrency: settings.data?.defaultCurrency,
      });
    } catch (error) {
      if (!(error instanceof FormFieldError)) throw error;
      save.reset();
      return setRefused({ [error.path]: error.message });
    }
    setRefused({});
    if (item && Object.keys(input).length === 0) return done();
    save.mutate((item ? { id: item.id, ...input } : input) as never);
  };

  const title = readOnly
    ? t('form.view', { singular, name: name ?? '' }).trim()
    : item
      ? t('form.edit', { singular })
      : newTitle(group, singular);
  const currency = currencyOf(values, { defaultCurrency: settings.data?.defaultCurrency });
  return (
    <form className="object-form card" onSubmit={submit} aria-label={title} noValidate>
      <h2>{title}</h2>
      {readOnly && item ? (
        <p className="notice" role="status">
          {t('form.readOnly', {
            status: t(`status.${String(item.status)}` as 'status.sent', {
              defaultValue: String(item.status),
            }),
          })}
        </p>
      ) : null}
      {draft.restored ? (
        <p className="notice" role="status">
          {t('form.draftRestored')}
        </p>
      ) : null}
      <FormError error={save.error} fields={errors} />
      <fieldset className="form-fields" disabled={readOnly}>
        {specs.map((spec) => {
          const label = spec.label ?? fieldLabel(spec.name);
          // The limits the server enforces, read from the operation's own schema.
          const limits = limitsOf(op, spec.name);
          const common = { label, error: fieldError(errors, spec.name), hint: spec.hint };
          const length = { maxLength: limits.maxLength };
          const text = String(values[spec.name] ?? '');
          const onText = (e: { currentTarget: { value: string } }) => set(spec.name, e.currentTarget.value);
          switch (spec.kind) {
            case 'textarea':
              return (
                <TextArea key={spec.name} {...common} {...length} value={text} onChange={onText} rows={3} />
              );
            case 'select':
              return (
                <SelectFromList
                  key={spec.name}
                  spec={spec}
                  {...common}
                  options={[]}
                  value={text}
                  onChange={onText}
                />
              );
            case 'checkbox':
              return (
                <Checkbox
                  key={spec.name}
                  label={label}
                  checked={Boolean(values[spec.name])}
                  onChange={(e) => set(spec.name, e.currentTarget.checked)}
                />
              );
            case 'items':
              return (
                <ItemsEditor
                  key={spec.name}
                  rows={values[spec.name] as ItemRow[]}
                  fields={errors}
                  currency={currency}
                  readOnly={readOnly}
                  onChange={(rows) => set(spec.name, rows)}
                />
              );
            default: {
              const type = {
                text: 'text',
                email: 'email',
                date: 'date',
                datetime: 'datetime-local',
                number: 'number',
              }[spec.kind];
              const range = spec.kind === 'number' ? { min: limits.min, max: limits.max } : length;
              return (
                <TextField
                  key={spec.name}
                  {...common}
                  {...range}
                  type={type}
                  value={text}
                  onChange={onText}
                />
              );
            }
          }
        })}
      </fieldset>
      {readOnly ? (
        <div className="actions">
          <button type="button" onClick={onDone}>
            {t('form.close')}
          </button>
        </div>
      ) : (
        <FormActions saving={save.isPending} onCancel={done} />
      )}
    </form>
  );
}
