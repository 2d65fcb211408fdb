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

// ---------------------------------------------------------------- a day and a time
/** A `datetime-local` value: the day and the time of day on the window's clock, `2026-12-31T14:30`. */
const LOCAL = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/;
/** A time of day as typed: 14:30, 2:30 PM, 2:30pm, 2:30 p.m. */
const TIME = /^(\d{1,2}):(\d{2})(?:\s*([ap])\.?\s*m\.?)?$/i;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `2026-12-31T14:30` when it is a day and a time that exist, else undefined. */
export function localDateTimeOf(text: string): string | undefined {
  const match = LOCAL.exec(text.trim());
  if (!match) return undefined;
  const day = isoDateOf(match[1]!);
  const [hour, minute] = [Number(match[2]), Number(match[3])];
  return day && hour < 24 && minute < 60 ? `${day}T${pad2(hour)}:${pad2(minute)}` : undefined;
}

function timeFormat(locale: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    numberingSystem: 'latn',
  });
}

/** What the locale writes between a day and its time ("31.12.2026, 14:30"): taken from Intl, else a space. */
function dateTimeSeparator(locale: string): string {
  const parts = new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    calendar: 'gregory',
    numberingSystem: 'latn',
  }).formatToParts(new Date(Date.UTC(2033, 10, 22, 14, 30)));
  const hour = parts.findIndex((part) => part.type === 'hour' || part.type === 'dayPeriod');
  const before = parts[hour - 1];
  const date = parts[hour - 2];
  return before?.type === 'literal' && ['day', 'month', 'year'].includes(date?.type ?? '')
    ? before.value
    : ' ';
}

/** `2026-12-31T14:30` as the locale writes it: "31.12.2026, 14:30", "12/31/2026, 02:30 PM"; anything else as it came. */
export function dateTimeText(local: string, locale: string): string {
  const valid = localDateTimeOf(local);
  if (!valid) return local;
  const [day, time] = valid.split('T') as [string, string];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const clock = timeFormat(locale).format(new Date(Date.UTC(2000, 0, 1, hour, minute)));
  return `${dateText(day, locale)}${dateTimeSeparator(locale)}${clock}`;
}

/** A time of day as typed, 24-hour or with AM/PM, as `HH:MM`; undefined when there is no such time. */
function timeOf(text: string): string | undefined {
  const match = TIME.exec(text.trim());
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2]);
  const period = match[3]?.toLowerCase();
  if (minute > 59) return undefined;
  if (period) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (period === 'p' ? 12 : 0);
  } else if (hour > 23) return undefined;
  return `${pad2(hour)}:${pad2(minute)}`;
}

/**
 * A day and a time as typed: the locale's day (parseDateText's rules), a comma or spaces, and a
 * time (24-hour, or with AM/PM in any language); or `2026-12-31T14:30`. `YYYY-MM-DDTHH:MM`, or undefined.
 */
export function parseDateTimeText(text: string, locale: string): string | undefined {
  const trimmed = text.replace(/[\u061c\u200e\u200f]/g, '').trim();
  const local = localDateTimeOf(trimmed);
  if (local) return local;
  const match = /^(.+?)\s*(?:,|\s)\s*(\d{1,2}:\d{2}(?:\s*[ap]\.?\s*m\.?)?)$/i.exec(trimmed);
  if (!match) return undefined;
  const day = parseDateText(match[1]!, locale);
  const time = timeOf(match[2]!);
  return day && time ? `${day}T${time}` : undefined;
}

/** The day-and-time pattern as a placeholder: "TT.MM.JJJJ, hh:mm", "MM/DD/YYYY, hh:mm AM/PM". */
export function dateTimePatternText(
  locale: string,
  letters: Record<DatePart | 'hour' | 'minute' | 'dayPeriod', string>,
): string {
  const clock = timeFormat(locale)
    .formatToParts(new Date(Date.UTC(2000, 0, 1, 14, 30)))
    .map((part) =>
      part.type === 'hour'
        ? letters.hour
        : part.type === 'minute'
          ? letters.minute
          : part.type === 'dayPeriod'
            ? letters.dayPeriod
            : part.value,
    )
    .join('');
  return `${patternText(locale, letters)}${dateTimeSeparator(locale)}${clock}`;
}
