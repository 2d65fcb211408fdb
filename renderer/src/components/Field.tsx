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

interface Common {
  label: string;
  error?: string;
  hint?: ReactNode;
}

function Message({ id, error, hint }: { id: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint ? <span className="hint">{hint}</span> : null}
      {error ? (
        <span id={id} className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </>
  );
}

export function TextField({ label, error, hint, ...input }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <label className="field">
      <span className="label">{label}</span>
      <input
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        {...input}
      />
      <Message id={`${id}-err`} error={error} hint={hint} />
    </label>
  );
}

export function TextArea({
  label,
  error,
  hint,
  ...input
}: Common & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const id = useId();
  return (
    <label className="field">
      <span className="label">{label}</span>
      <textarea
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        {...input}
      />
      <Message id={`${id}-err`} error={error} hint={hint} />
    </label>
  );
}

export function SelectField({
  label,
  error,
  hint,
  options,
  ...select
}: Common & SelectHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  const id = useId();
  return (
    <label className="field">
      <span className="label">{label}</span>
      <select
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Message id={`${id}-err`} error={error} hint={hint} />
    </label>
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
  error: { message: string } | null;
  fields: Record<string, string>;
}) {
  if (!error) return null;
  const named = Object.keys(fields).length > 0;
  return (
    <p className="form-error" role="alert">
      {named ? 'Please fix the fields marked below.' : error.message}
    </p>
  );
}
