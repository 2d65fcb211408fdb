/** Display helpers: money in minor units, times and dates in the window's language (one locale, `currentLocale`). */
import { formatAmount, minorDigits } from '../../../contract/money.js';
import { currentLocale } from '../i18n/i18n.js';

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

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(currentLocale());
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
