/**
 * A calendar date typed and shown in the window's language ("31.12.2026" in German), whatever
 * language the browser or the system speaks: `<input type="date">` follows the system's, so a
 * German window on an English system showed mm/dd/yyyy. The form's value is ISO `YYYY-MM-DD`
 * as soon as what was typed is a day (lib/calendar-date.ts reads the language's pattern and ISO),
 * else the text as typed, which the date kind's `parse` refuses with the pattern to follow.
 * Read-only (a sent invoice), the date is text (lib/format.ts `formatDate`), not a disabled input.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../i18n/i18n.js';
import { dateText, parseDateText, patternText } from '../lib/calendar-date.js';
import { formatDate } from '../lib/format.js';
import { TextField } from './Field.js';

interface DateFieldProps {
  label: string;
  error?: string;
  hint?: string;
  /** ISO `YYYY-MM-DD`, or text that is no day yet. */
  value: string;
  onChange: (value: string) => void;
  readOnly?: boolean;
}

/** What was typed, kept while it is what the form holds in this language. */
interface Typed {
  text: string;
  value: string;
  locale: string;
}

export function DateField({ label, error, hint, value, onChange, readOnly }: DateFieldProps) {
  const { t } = useTranslation('editor'); // renders again when the language changes
  const locale = currentLocale();
  const [typed, setTyped] = useState<Typed | undefined>(undefined);
  if (readOnly) return <ReadOnlyDate label={label} value={value} />;
  // A value set from elsewhere (a draft, another language) is shown in the pattern; what the person
  // types stays as typed until the field is left, then a day reads in the pattern ("2027-01-15" → 15.01.2027).
  const text =
    typed && typed.value === value && typed.locale === locale ? typed.text : dateText(value, locale);
  const letters = { day: t('date.day'), month: t('date.month'), year: t('date.year') };
  return (
    <TextField
      label={label}
      error={error}
      hint={hint}
      type="text"
      autoComplete="off"
      spellCheck={false}
      placeholder={patternText(locale, letters)}
      value={text}
      onChange={(e) => {
        const next = e.currentTarget.value;
        const iso = parseDateText(next, locale) ?? next;
        setTyped({ text: next, value: iso, locale });
        onChange(iso);
      }}
      onBlur={() => {
        if (typed && parseDateText(typed.text, locale)) setTyped(undefined);
      }}
    />
  );
}

/** The date as text under its label; no control to reach or to misread as editable. */
function ReadOnlyDate({ label, value }: { label: string; value: string }) {
  const id = useId();
  return (
    <div className="field" role="group" aria-labelledby={id}>
      <span className="label" id={id}>
        {label}
      </span>
      <span className="read-only-value">{formatDate(value)}</span>
    </div>
  );
}
