/** Display helpers: money in minor units, times and dates in the window's language (one locale, `currentLocale`). */
import { currentLocale } from '../i18n/i18n.js';

export function formatMoney(minor: number, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
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

/** "12.50" → 1250; NaN when it is not a number (the contract then names the field). */
export function toMinor(text: string): number {
  const value = Number(text.replace(',', '.'));
  return Number.isFinite(value) ? Math.round(value * 100) : Number.NaN;
}

export const fromMinor = (minor: number): string => (minor / 100).toFixed(2);

/** A datetime-local value (local time) as ISO UTC, or undefined when empty. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Empty text as null, for optional fields that may be cleared. */
export const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());
