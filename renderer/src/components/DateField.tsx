/**
 * A calendar date, or a day and a time, typed and shown in the window's language ("31.12.2026",
 * "31.12.2026, 14:30"), whatever language the browser or the system speaks: `<input type="date">`
 * and `datetime-local` follow the system's, so a German window on an English system showed
 * mm/dd/yyyy. The value is ISO (`YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` local) as soon as what was typed
 * reads as one (lib/calendar-date.ts: the language's pattern or ISO), else the text as typed, which
 * the form refuses with the pattern to follow. Read-only (a sent invoice), the value is text
 * (lib/format.ts), not a disabled input.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale, i18n } from '../i18n/i18n.js';
import {
  dateText,
  dateTimePatternText,
  dateTimeText,
  parseDateText,
  parseDateTimeText,
  patternText,
} from '../lib/calendar-date.js';
import { formatDate, formatTime, localToIso } from '../lib/format.js';
import { TextField } from './Field.js';
import { FormFieldError } from './form-values.js';

interface DateFieldProps {
  label: string;
  error?: string;
  hint?: string;
  /** ISO, or text that is no date yet. */
  value: string;
  onChange: (value: string) => void;
  /** The field was left (a filter checks what was typed then, not at every key). */
  onBlur?: () => void;
  readOnly?: boolean;
}

/** What was typed, kept while it is what the form holds in this language. */
interface Typed {
  text: string;
  value: string;
  locale: string;
}

/** How one kind of value reads and is written in a locale. */
interface Pattern {
  text: (value: string, locale: string) => string;
  parse: (text: string, locale: string) => string | undefined;
  placeholder: (locale: string) => string;
}

function PatternField({
  label,
  error,
  hint,
  value,
  onChange,
  onBlur,
  pattern,
}: DateFieldProps & { pattern: Pattern }) {
  const locale = currentLocale();
  const [typed, setTyped] = useState<Typed | undefined>(undefined);
  // A value set from elsewhere (a draft, another language) is shown in the pattern; what the person
  // types stays as typed until the field is left, then a date reads in the pattern ("2027-01-15" → 15.01.2027).
  const text =
    typed && typed.value === value && typed.locale === locale ? typed.text : pattern.text(value, locale);
  return (
    <TextField
      label={label}
      error={error}
      hint={hint}
      type="text"
      autoComplete="off"
      spellCheck={false}
      placeholder={pattern.placeholder(locale)}
      value={text}
      onChange={(e) => {
        const next = e.currentTarget.value;
        const parsed = pattern.parse(next, locale) ?? next;
        setTyped({ text: next, value: parsed, locale });
        onChange(parsed);
      }}
      onBlur={() => {
        if (typed && pattern.parse(typed.text, locale)) setTyped(undefined);
        onBlur?.();
      }}
    />
  );
}

/** A calendar date: "31.12.2026" in German, "12/31/2026" in US English; the value `YYYY-MM-DD`. */
export function DateField(props: DateFieldProps) {
  const { t } = useTranslation('editor'); // renders again when the language changes
  if (props.readOnly) return <ReadOnlyValue label={props.label} text={formatDate(props.value)} />;
  const letters = { day: t('date.day'), month: t('date.month'), year: t('date.year') };
  const pattern: Pattern = {
    text: dateText,
    parse: parseDateText,
    placeholder: (locale) => patternText(locale, letters),
  };
  return <PatternField {...props} pattern={pattern} />;
}

/** A day and a time on the window's clock: "31.12.2026, 14:30"; the value `YYYY-MM-DDTHH:MM`. */
export function DateTimeField(props: DateFieldProps) {
  const { t } = useTranslation('editor');
  const shown = (value: string) => (value ? formatTime(localToIso(value) ?? value) : '—');
  if (props.readOnly) return <ReadOnlyValue label={props.label} text={shown(props.value)} />;
  const letters = {
    day: t('date.day'),
    month: t('date.month'),
    year: t('date.year'),
    hour: t('date.hour'),
    minute: t('date.minute'),
    dayPeriod: t('date.dayPeriod'),
  };
  const pattern: Pattern = {
    text: dateTimeText,
    parse: parseDateTimeText,
    placeholder: (locale) => dateTimePatternText(locale, letters),
  };
  return <PatternField {...props} pattern={pattern} />;
}

/** The value as text under its label; no control to reach or to misread as editable. */
function ReadOnlyValue({ label, text }: { label: string; text: string }) {
  const id = useId();
  return (
    <div className="field" role="group" aria-labelledby={id}>
      <span className="label" id={id}>
        {label}
      </span>
      <span className="read-only-value">{text}</span>
    </div>
  );
}

// ---------------------------------------------------------------- the kinds' parse
/** A date as typed (the language's pattern or ISO) as `YYYY-MM-DD`; no such day is refused with the pattern to follow. */
export function calendarDateOf(text: string, path: string, label: string): string {
  const iso = parseDateText(text, currentLocale());
  if (iso) return iso;
  const example = dateText('2026-12-31', currentLocale());
  throw new FormFieldError(path, i18n.t('editor:date.invalid', { label, example }));
}

/** A day and a time as typed (the language's pattern or `YYYY-MM-DDTHH:MM`) as ISO UTC; anything else is refused. */
export function momentOf(text: string, path: string, label: string): string {
  const local = parseDateTimeText(text, currentLocale());
  const iso = local ? localToIso(local) : undefined;
  if (iso) return iso;
  const example = dateTimeText('2026-12-31T14:30', currentLocale());
  throw new FormFieldError(path, i18n.t('editor:date.invalidTime', { label, example }));
}
