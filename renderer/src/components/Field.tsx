/**
 * Labelled form controls. Each shows its contract error right below it and
 * points at it with aria-describedby, so a screen reader reads the fix too.
 */
import {
  useId,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from './ErrorText.js';

interface Common {
  label: string;
  error?: string;
  hint?: ReactNode;
}

/** The hint and the error sit outside the <label>, so the control's name is the label alone. */
function Message({ id, error, hint }: { id: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-err`} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

function describedBy(id: string, error?: string, hint?: ReactNode): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

/** What every labelled control gets: its id and the links to its hint and error. */
interface ControlProps {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** The label, the control (drawn by `control`) and its message, one frame for every kind. */
function LabelledField({
  label,
  error,
  hint,
  control,
}: Common & { control: (props: ControlProps) => ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label className="label" htmlFor={id}>
        {label}
      </label>
      {control({
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': describedBy(id, error, hint),
      })}
      <Message id={id} error={error} hint={hint} />
    </div>
  );
}

export function TextField({ label, error, hint, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <LabelledField
      label={label}
      error={error}
      hint={hint}
      control={(props) => <input {...props} {...input} />}
    />
  );
}

export function TextArea({
  label,
  error,
  hint,
  ...input
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <LabelledField
      label={label}
      error={error}
      hint={hint}
      control={(props) => <textarea {...props} {...input} />}
    />
  );
}

export function SelectField({
  label,
  error,
  hint,
  options,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  return (
    <LabelledField
      label={label}
      error={error}
      hint={hint}
      control={(props) => (
        <select {...props} {...select}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    />
  );
}

export function Checkbox({ label, ...input }: { label: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="check">
      <input type="checkbox" {...input} />
      <span>{label}</span>
    </label>
  );
}

/** A group of checkboxes with a legend and one error for the group. */
export function CheckGroup({
  legend,
  error,
  children,
}: {
  legend: string;
  error?: string;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <fieldset className="check-group" aria-describedby={error ? id : undefined}>
      <legend>{legend}</legend>
      {children}
      {error ? (
        <span id={id} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}

/** The message of a failed call that names no field of this form. */
export function FormError({
  error,
  fields,
}: {
  error: { message: string; code?: unknown } | null;
  fields: Record<string, string>;
}) {
  const { t } = useTranslation();
  if (!error) return null;
  const named = Object.keys(fields).length > 0;
  return (
    <p className="form-error" role="alert">
      {named ? t('form.fixFields') : <ErrorText error={error} />}
    </p>
  );
}
