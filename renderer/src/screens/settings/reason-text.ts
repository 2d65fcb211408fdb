/**
 * A reason the server wrote (why sending is paused, why a webhook was disabled, why a delivery
 * waits, why an incoming call was refused) in the window's language: its `code` through the
 * `reasons` catalog with its params formatted here (times and dates as the window shows them, a
 * permission by its label). In English, and for a code the catalog does not know or a reason
 * without one, the server's own text as it came (contract/reasons.ts).
 */
import type { Language } from '../../../../contract/language.js';
import { currentLanguage, currentLocale, i18n } from '../../i18n/i18n.js';
import { formatDate, formatTime } from '../../lib/format.js';
import { permissionLabel } from './permission-label.js';

const TIMES = new Set(['at', 'since', 'takenAt', 'from', 'to']);
const NUMBERS = new Set(['count', 'limit', 'max', 'days']);
/** The param that picks a code's plural form. */
const COUNTED = ['count', 'days', 'max'];

function formatted(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    if (TIMES.has(name)) out[name] = formatTime(value);
    else if (name === 'date') out[name] = formatDate(value);
    else if (NUMBERS.has(name) && /^\d+$/.test(value))
      out[name] = new Intl.NumberFormat(currentLocale()).format(Number(value));
    else out[name] = value;
  }
  if (params.permission) out.label = permissionLabel(params.permission);
  return out;
}

/** The catalog's text for `code` in `language`, or undefined when the catalog has none. */
export function translateReason(
  code: string,
  params: Record<string, string>,
  language: Language = currentLanguage(),
): string | undefined {
  const counted = COUNTED.find((name) => /^\d+$/.test(params[name] ?? ''));
  const options = {
    ...formatted(params),
    lng: language,
    ...(counted ? { count: Number(params[counted]) } : {}),
    ...(params.takenAt ? { context: 'taken' } : {}),
    interpolation: { escapeValue: false },
  };
  const key = `reasons:${code}`;
  if (!i18n.exists(key, options)) return undefined;
  return String(i18n.t(key as 'reasons:key_revoked', options as never));
}

/** The reason to show: in English the server's text, else the catalog's for its code (the text when it has none). */
export function reasonText(
  text: string,
  code: string | null | undefined,
  params: Record<string, string> | undefined,
): string {
  if (!code || currentLanguage() === 'en') return text;
  return translateReason(code, params ?? {}) ?? text;
}

/** Why a waiting delivery is not sent yet (the log's `waiting` and `waitingCode`). */
export const waitingLabel = (delivery: { waiting?: string; waitingCode?: string | null }): string =>
  delivery.waiting ? reasonText(delivery.waiting, delivery.waitingCode, {}) : '';
