/**
 * A calendar date (`YYYY-MM-DD`, what the contract sends) as a person types and reads it in the
 * window's language: "31.12.2026" in German, "12/31/2026" in US English. The order of day, month
 * and year and the separator come from `Intl.DateTimeFormat(locale).formatToParts`, never from a
 * table here, so every locale the window may use reads its own way.
 *
 * What is accepted, besides the locale's own pattern:
 * - ISO `2026-12-31`, in every language (what a form held before, and what people paste);
 * - one-digit day and month ("1.2.2027"), and any of `.`, `/`, `-` as the separator, with spaces
 *   around it ("31. 12. 2026"), in the locale's order;
 * - leading and trailing whitespace.
 * A two-digit year ("31.12.26") is refused: which century it means is a guess, and a guessed due
 * date is worse than a question. A day that does not exist (31.02.2026, 29.02.2027) is refused,
 * never rolled over to the next month.
 */

export type DatePart = 'day' | 'month' | 'year';

/** The locale's numeric date: the parts in their order and the text between them. */
export interface DatePattern {
  order: readonly DatePart[];
  /** What stands before each part (the first is usually ''), and after the last. */
  literals: readonly string[];
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const patterns = new Map<string, DatePattern>();

/** The numeric pattern of `locale`, derived from how Intl writes a day whose parts all differ. */
export function datePattern(locale: string): DatePattern {
  const known = patterns.get(locale);
  if (known) return known;
  const sample = new Date(Date.UTC(2033, 10, 22)); // day 22, month 11, year 2033: no part looks like another
  const parts = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
    calendar: 'gregory',
    numberingSystem: 'latn',
  }).formatToParts(sample);
  const order: DatePart[] = [];
  const literals: string[] = [''];
  for (const part of parts) {
    if (part.type === 'day' || part.type === 'month' || part.type === 'year') {
      order.push(part.type);
      literals.push('');
    } else {
      literals[literals.length - 1] += part.value;
    }
  }
  // A locale whose numeric date lacks a part (none known) falls back to ISO's order.
  const pattern: DatePattern =
    order.length === 3 && new Set(order).size === 3
      ? { order, literals }
      : { order: ['year', 'month', 'day'], literals: ['', '-', '-', ''] };
  patterns.set(locale, pattern);
  return pattern;
}

/** The calendar day `year-month-day`, or undefined when there is no such day (31.02., month 13, year 0). */
function isoOf(year: number, month: number, day: number): string | undefined {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // years 1–99 stay themselves (Date.UTC would add 1900)
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A valid ISO calendar date, or undefined. */
export function isoDateOf(text: string): string | undefined {
  const match = ISO.exec(text.trim());
  return match ? isoOf(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
}

/** `2026-12-31` as the locale writes it: "31.12.2026", "12/31/2026"; what is no calendar date stays as it came. */
export function dateText(iso: string, locale: string): string {
  const valid = isoDateOf(iso);
  if (!valid) return iso;
  const [year, month, day] = valid.split('-');
  const value: Record<DatePart, string> = { year: year!, month: month!, day: day! };
  const { order, literals } = datePattern(locale);
  return order.reduce((text, part, i) => text + value[part] + literals[i + 1]!, literals[0]!);
}

/** What a person typed, in the locale's order or as ISO, as `YYYY-MM-DD`; undefined for anything else. */
export function parseDateText(text: string, locale: string): string | undefined {
  // Bidi marks some locales put around their separators are not typed, but may be pasted.
  const trimmed = text.replace(/[\u061c\u200e\u200f]/g, '').trim();
  const iso = isoDateOf(trimmed);
  if (iso) return iso;
  const { order } = datePattern(locale);
  const width: Record<DatePart, string> = { day: '(\\d{1,2})', month: '(\\d{1,2})', year: '(\\d{4})' };
  // The locale's own literals are typed too ("2026. 12. 31." in Korean-style patterns): a trailing dot is allowed.
  const shape = new RegExp(`^${order.map((part) => width[part]).join('\\s*[./-]\\s*')}\\.?$`);
  const match = shape.exec(trimmed);
  if (!match) return undefined;
  const value = (part: DatePart) => Number(match[order.indexOf(part) + 1]);
  return isoOf(value('year'), value('month'), value('day'));
}

/** The pattern as a placeholder, with the language's letters: "TT.MM.JJJJ", "MM/DD/YYYY". */
export function patternText(locale: string, letters: Record<DatePart, string>): string {
  const { order, literals } = datePattern(locale);
  return order.reduce((text, part, i) => text + letters[part] + literals[i + 1]!, literals[0]!);
}
