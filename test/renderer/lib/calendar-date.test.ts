/**
 * renderer/src/lib/calendar-date.ts: a calendar date typed and shown in the window's language,
 * the pattern taken from Intl, ISO accepted everywhere, no day that does not exist.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  datePattern,
  dateText,
  dateTimePatternText,
  dateTimeText,
  isoDateOf,
  localDateTimeOf,
  parseDateText,
  parseDateTimeText,
  patternText,
} from '../../../renderer/src/lib/calendar-date.js';

const LOCALES = ['de-DE', 'en-US', 'en-GB', 'de-AT', 'de-CH', 'en-CA'] as const;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Any real calendar day from year 1 to 9999, as ISO. */
const day = fc
  .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`);

describe('datePattern', () => {
  it('reads the order and the separator from Intl: German day.month.year, US English month/day/year', () => {
    expect(datePattern('de-DE')).toEqual({ order: ['day', 'month', 'year'], literals: ['', '.', '.', ''] });
    expect(datePattern('en-US')).toEqual({ order: ['month', 'day', 'year'], literals: ['', '/', '/', ''] });
    expect(datePattern('en-GB')).toEqual({ order: ['day', 'month', 'year'], literals: ['', '/', '/', ''] });
  });

  it('shows the pattern with the language’s letters', () => {
    expect(patternText('de-DE', { day: 'TT', month: 'MM', year: 'JJJJ' })).toBe('TT.MM.JJJJ');
    expect(patternText('en-US', { day: 'DD', month: 'MM', year: 'YYYY' })).toBe('MM/DD/YYYY');
  });
});

describe('dateText', () => {
  it('writes a day in the locale’s pattern, day and month with two digits, the year with four', () => {
    expect(dateText('2026-12-31', 'de-DE')).toBe('31.12.2026');
    expect(dateText('2027-01-05', 'de-DE')).toBe('05.01.2027');
    expect(dateText('2026-12-31', 'en-US')).toBe('12/31/2026');
    expect(dateText('0099-03-04', 'de-DE')).toBe('04.03.0099');
  });

  it('leaves what is no day as it came (text still being typed, an empty field)', () => {
    expect(dateText('', 'de-DE')).toBe('');
    expect(dateText('31.02.2026', 'de-DE')).toBe('31.02.2026');
    expect(dateText('2026-02-31', 'de-DE')).toBe('2026-02-31');
  });
});

describe('parseDateText', () => {
  it('round trip: every day from year 1 to 9999, written in each locale, reads back as itself', () => {
    for (const locale of LOCALES) {
      fc.assert(
        fc.property(day, (iso) => {
          expect(parseDateText(dateText(iso, locale), locale)).toBe(iso);
          expect(parseDateText(iso, locale)).toBe(iso);
        }),
        { numRuns: 300 },
      );
    }
  });

  it('round trip the other way: whatever text it accepts is written back as the same day', () => {
    const typed = fc
      .tuple(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 0, max: 9999 }),
      )
      .map(([d, m, y]) => `${d}.${m}.${pad(y, 4)}`);
    fc.assert(
      fc.property(typed, (text) => {
        const iso = parseDateText(text, 'de-DE');
        if (iso === undefined) return;
        expect(parseDateText(dateText(iso, 'de-DE'), 'de-DE')).toBe(iso);
        const [d, m, y] = text.split('.').map(Number);
        expect(iso).toBe(`${pad(y!, 4)}-${pad(m!)}-${pad(d!)}`);
      }),
      { numRuns: 500 },
    );
  });

  it('reads German as day.month.year and US English as month/day/year', () => {
    expect(parseDateText('15.01.2027', 'de-DE')).toBe('2027-01-15');
    expect(parseDateText('01/15/2027', 'en-US')).toBe('2027-01-15');
    expect(parseDateText('15/01/2027', 'en-GB')).toBe('2027-01-15');
    // The same text is another day, or none, in the other order.
    expect(parseDateText('01.02.2027', 'de-DE')).toBe('2027-02-01');
    expect(parseDateText('01.02.2027', 'en-US')).toBe('2027-01-02');
    expect(parseDateText('15.01.2027', 'en-US')).toBeUndefined();
  });

  it('accepts ISO in every language, one-digit day and month, spaces, and any of . / - between the parts', () => {
    for (const locale of LOCALES) expect(parseDateText('2026-12-31', locale), locale).toBe('2026-12-31');
    expect(parseDateText('1.2.2027', 'de-DE')).toBe('2027-02-01');
    expect(parseDateText('  31.12.2026\t', 'de-DE')).toBe('2026-12-31');
    expect(parseDateText('31. 12. 2026', 'de-DE')).toBe('2026-12-31');
    expect(parseDateText('31/12/2026', 'de-DE')).toBe('2026-12-31');
    expect(parseDateText('12-31-2026', 'en-US')).toBe('2026-12-31');
    expect(parseDateText(' 2026-12-31 ', 'en-US')).toBe('2026-12-31');
  });

  it('refuses a day that does not exist instead of rolling it over: 31.02., 29.02. outside a leap year, month 13, day 0', () => {
    expect(parseDateText('31.02.2026', 'de-DE')).toBeUndefined();
    expect(parseDateText('30.02.2028', 'de-DE')).toBeUndefined();
    expect(parseDateText('29.02.2027', 'de-DE')).toBeUndefined();
    expect(parseDateText('29.02.1900', 'de-DE')).toBeUndefined(); // a century is no leap year…
    expect(parseDateText('29.02.2000', 'de-DE')).toBe('2000-02-29'); // …unless it divides by 400
    expect(parseDateText('29.02.2028', 'de-DE')).toBe('2028-02-29');
    expect(parseDateText('02/29/2028', 'en-US')).toBe('2028-02-29');
    expect(parseDateText('31.04.2026', 'de-DE')).toBeUndefined();
    expect(parseDateText('01.13.2026', 'de-DE')).toBeUndefined();
    expect(parseDateText('00.12.2026', 'de-DE')).toBeUndefined();
    expect(parseDateText('01.01.0000', 'de-DE')).toBeUndefined();
    expect(parseDateText('2026-02-31', 'de-DE')).toBeUndefined();
    expect(isoDateOf('2026-02-31')).toBeUndefined();
  });

  it('refuses a two-digit year: which century it means would be a guess', () => {
    expect(parseDateText('31.12.26', 'de-DE')).toBeUndefined();
    expect(parseDateText('12/31/26', 'en-US')).toBeUndefined();
    expect(parseDateText('31.12.202', 'de-DE')).toBeUndefined();
  });

  it('refuses what is no date: empty text, words, a time, parts out of order, a five-digit year', () => {
    for (const text of [
      '',
      '   ',
      'morgen',
      '31.12.2026 10:00',
      '2026.12.31',
      '31.12.20260',
      '31..12.2026',
      '31.12',
    ])
      expect(parseDateText(text, 'de-DE'), text).toBeUndefined();
    expect(parseDateText('2026/12/31', 'en-US')).toBeUndefined();
  });
});

describe('a day and a time (the time entries’ Start and End, the log’s From and To)', () => {
  const letters = { day: 'TT', month: 'MM', year: 'JJJJ', hour: 'hh', minute: 'mm', dayPeriod: 'AM/PM' };

  it('writes the locale’s day, its separator and its clock: 24-hour in German, AM/PM in US English', () => {
    expect(dateTimeText('2026-12-31T14:30', 'de-DE')).toBe('31.12.2026, 14:30');
    expect(dateTimeText('2026-12-31T14:30', 'en-US')).toMatch(/^12\/31\/2026, 02:30\sPM$/);
    expect(dateTimeText('2026-12-31T00:05', 'en-US')).toMatch(/^12\/31\/2026, 12:05\sAM$/);
    expect(dateTimeText('31.12.2026 14', 'de-DE')).toBe('31.12.2026 14');
    expect(dateTimePatternText('de-DE', letters)).toBe('TT.MM.JJJJ, hh:mm');
    expect(dateTimePatternText('en-US', letters)).toMatch(/^MM\/TT\/JJJJ, hh:mm\sAM\/PM$/);
  });

  it('round trip: every minute of every day, written in each locale, reads back as itself', () => {
    const moment = fc
      .tuple(day, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([iso, h, m]) => `${iso}T${pad(h)}:${pad(m)}`);
    for (const locale of LOCALES) {
      fc.assert(
        fc.property(moment, (local) => {
          expect(parseDateTimeText(dateTimeText(local, locale), locale)).toBe(local);
          expect(parseDateTimeText(local, locale)).toBe(local);
        }),
        { numRuns: 100 },
      );
    }
  });

  it('takes a comma or spaces between day and time, 24-hour or AM/PM in any language, and the datetime-local form', () => {
    expect(parseDateTimeText('31.12.2026 14:30', 'de-DE')).toBe('2026-12-31T14:30');
    expect(parseDateTimeText(' 31.12.2026,14:30 ', 'de-DE')).toBe('2026-12-31T14:30');
    expect(parseDateTimeText('12/31/2026 2:30pm', 'en-US')).toBe('2026-12-31T14:30');
    expect(parseDateTimeText('12/31/2026, 12:00 a.m.', 'en-US')).toBe('2026-12-31T00:00');
    expect(parseDateTimeText('12/31/2026, 12:00 PM', 'en-US')).toBe('2026-12-31T12:00');
    expect(parseDateTimeText('2099-01-01T00:00', 'de-DE')).toBe('2099-01-01T00:00');
    expect(parseDateTimeText('2026-12-31 14:30', 'de-DE')).toBe('2026-12-31T14:30');
  });

  it('refuses a time or a day that does not exist, and a day without a time', () => {
    for (const text of [
      '31.12.2026, 24:00',
      '31.12.2026, 14:60',
      '31.12.2026, 13:00 PM',
      '31.12.2026, 0:30 AM',
      '31.02.2026, 10:00',
      '31.12.2026',
      '14:30',
      '2026-12-31T25:00',
      '2026-02-31T10:00',
    ])
      expect(parseDateTimeText(text, 'de-DE'), text).toBeUndefined();
    expect(localDateTimeOf('2026-12-31T14:30')).toBe('2026-12-31T14:30');
    expect(localDateTimeOf('2026-12-31T14:30:00')).toBeUndefined();
  });
});
