/** Display helpers: money in minor units, times and calendar dates in the window's language (one locale, `currentLocale`). */
import { formatAmount, minorDigits } from '../../../contract/money.js';
import { currentLocale } from '../i18n/i18n.js';
import { dateTimeText } from './calendar-date.js';

/** Minor units with the currency, in the window's language: 12000 EUR → "€120.00", 120 JPY → "¥120". The one money formatter. */
export function formatMoney(minor: number, currency: string): string {
  try {
    return new Intl.NumberFormat(currentLocale(), { style: 'currency', currency }).format(
      minor / 10 ** minorDigits(currency),
    );
  } catch {
    return `${minor} ${currency} (minor units)`;
  }
}

/**
 * A moment in the window's language and time zone, written as a date-time field writes it
 * ("01.03.2026, 09:00", "03/01/2026, 09:00 AM"), so a value reads the same in a list and in its form.
 */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const local = isoToLocal(iso);
  return local ? dateTimeText(local, currentLocale()) : iso;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** An ISO moment as the local `YYYY-MM-DDTHH:mm` a date-time field edits; '' when it is no moment. */
export function isoToLocal(iso: unknown): string {
  if (typeof iso !== 'string') return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}T${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A date-only value (`YYYY-MM-DD`: a due date, an issue date) in the window's language:
 * "Jun 30, 2026", "30.06.2026". It is a calendar day, not a moment: formatted as that day in
 * UTC, never through local midnight, so no time zone moves it to the day before or after.
 * Anything else is shown as it came; nothing as "—".
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const match = CALENDAR_DATE.exec(value);
  if (!match) return value;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, years 0–99 stay themselves
  // 2026-02-31 is no day: show it as written rather than as March 3.
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return value;
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** A time where space is short (the log's rows and attempts): a short date, seconds kept. */
export function formatShortTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(currentLocale(), { dateStyle: 'short', timeStyle: 'medium' });
}

/** Minor units as the amount a form shows (12000 EUR → "120.00"); a form reads it back with contract/money.ts's parseAmount. */
export function amountText(minor: number, currency: string): string {
  try {
    return formatAmount(minor, currency);
  } catch {
    return String(minor);
  }
}

/** A datetime-local value (local time) as ISO UTC, or undefined when empty. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Empty text as null, for optional fields that may be cleared. */
export const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());
