/**
 * The create/edit form of a business object: its fields in the screen's order,
 * each shown by its kind's input (field-kinds.tsx), the kind taken from the
 * contract's schema (object-fields.ts).
 * The contract's field messages appear next to each field; a failed save
 * leaves the form as it was, nothing half-saved. A new object's half-filled
 * form is a draft (lib/use-draft.ts) that survives a reload until it is saved
 * or cancelled. `readOnly` shows an object that can no longer change (a sent
 * invoice) with its items and totals, and only Close.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RESOURCES, type ResourceKey } from '../../../contract/resources.js';
import { useOp } from '../api/client-context.js';
import { fieldError, fieldErrors } from '../api/errors.js';
import { objectOperation, useObjectSave, type AnyItem, type ItemOf } from '../api/object-calls.js';
import { limitsOf } from '../api/validate.js';
import { FormError } from './Field.js';
import { useDraft } from '../lib/use-draft.js';
import {
  currencyOf,
  FormFieldError,
  initialValues,
  toInput,
  type FormField,
  type FormValue,
  type FormValues,
  type ObjectInput,
} from './object-fields.js';
import { FormActions } from './FormActions.js';

/** A state (`sent`) where the object has one. */
const statusOf = (item: AnyItem): string => ('status' in item ? item.status : '');

export function ObjectForm<K extends ResourceKey>({
  resource,
  singular,
  fields,
  item,
  readOnly,
  name,
  onDone,
}: {
  resource: K;
  singular: string;
  /** The screen's fields with their kinds (object-fields.ts `formFields`), labels in the window's language. */
  fields: readonly FormField[];
  item?: ItemOf<K>;
  /** Show `item` without changing it (a sent invoice): its fields, items and totals, and Close. */
  readOnly?: boolean;
  /** The object's name, for the read-only heading ("Invoice INV-0001"). */
  name?: string;
  onDone: () => void;
}) {
  const { t } = useTranslation('editor');
  const [initial] = useState(() => initialValues(fields, item));
  // Only a new object's form is a draft: an edit starts from what is saved.
  const [values, setValues, draft] = useDraft<FormValues>(
    item ? undefined : `${RESOURCES[resource].list}.new`,
    initial,
  );
  const op = objectOperation(resource, item ? 'update' : 'create');
  const done = () => {
    draft.clear();
    onDone();
  };
  const save = useObjectSave(resource, item !== undefined, done);
  // Amounts are read in the document's currency; an empty Currency means the default in Settings.
  const hasAmounts = fields.some((field) => field.kind.inCurrency);
  const settings = useOp('settings.get', {}, { enabled: hasAmounts });
  /** What the form refused itself (an amount it cannot read), by field path. */
  const [refused, setRefused] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(save.error), ...refused };
  const set = (name: string, value: FormValue) => setValues((v) => ({ ...v, [name]: value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    let input: ObjectInput;
    try {
      input = toInput(fields, values, item ? initial : undefined, {
        defaultCurrency: settings.data?.defaultCurrency,
      });
    } catch (error) {
      if (!(error instanceof FormFieldError)) throw error;
      save.reset();
      return setRefused({ [error.path]: error.message });
    }
    setRefused({});
    if (item && Object.keys(input).length === 0) return done();
    save.mutate(item ? { id: item.id, ...input } : input);
  };

  const title = readOnly
    ? t('form.view', { singular, name: name ?? '' }).trim()
    : item
      ? t('form.edit', { singular })
      : t('form.new', { singular });
  const currency = currencyOf(values, { defaultCurrency: settings.data?.defaultCurrency });
  return (
    <form className="object-form card" onSubmit={submit} aria-label={title} noValidate>
      <h2>{title}</h2>
      {readOnly && item ? (
        <p className="notice" role="status">
          {t('form.readOnly', {
            status: t(`status.${statusOf(item)}` as 'status.sent', { defaultValue: statusOf(item) }),
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
        {fields.map((field) => {
          const { Input } = field.kind;
          const required = field.empty === 'omit';
          // The limits are the server's, read from the operation's own schema.
          return (
            <Input
              key={field.name}
              shape={field.shape}
              label={field.label}
              hint={field.hint}
              error={fieldError(errors, field.name)}
              errors={errors}
              value={values[field.name]}
              onChange={(value) => set(field.name, value)}
              limits={limitsOf(op, field.name)}
              currency={currency}
              readOnly={readOnly}
              required={required}
            />
          );
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
