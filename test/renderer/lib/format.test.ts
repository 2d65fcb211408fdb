/** renderer/src/lib/format.ts: money shown with its currency, in that currency's minor unit. */
import { afterEach, describe, expect, it } from 'vitest';
import { applyLanguage } from '../../../renderer/src/i18n/i18n.js';
import { dateTimeText } from '../../../renderer/src/lib/calendar-date.js';
import {
  amountText,
  formatDate,
  formatMoney,
  formatTime,
  isoToLocal,
} from '../../../renderer/src/lib/format.js';

describe('formatMoney', () => {
  it('divides by the currency’s minor unit: EUR cents, JPY whole yen, KWD fils', () => {
    const expected = (value: number, currency: string) =>
      new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(value);
    expect(formatMoney(12000, 'EUR')).toBe(expected(120, 'EUR'));
    expect(formatMoney(120, 'JPY')).toBe(expected(120, 'JPY'));
    expect(formatMoney(1500, 'KWD')).toBe(expected(1.5, 'KWD'));
    expect(formatMoney(-5, 'EUR')).toBe(expected(-0.05, 'EUR'));
  });

  it('a code that is no currency still shows the number, saying it is in minor units', () => {
    expect(formatMoney(12000, 'euro')).toBe('12000 euro (minor units)');
  });
});

describe('amountText', () => {
  it('is the amount a form shows, read back by the same rule', () => {
    expect(amountText(12050, 'EUR')).toBe('120.50');
    expect(amountText(120, 'JPY')).toBe('120');
  });
});

describe('formatDate', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    applyLanguage('en');
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('shows a calendar date in the window’s language: English and German', () => {
    applyLanguage('en');
    expect(formatDate('2026-06-30')).toBe('Jun 30, 2026');
    applyLanguage('de');
    expect(formatDate('2026-06-30')).toBe('30.06.2026');
  });

  it('never moves the day: the first of January stays itself west and east of UTC', () => {
    // Node reads TZ again when it is set; local midnight would be Dec 31 in Honolulu (UTC-10).
    for (const tz of ['Pacific/Honolulu', 'America/Los_Angeles', 'Pacific/Kiritimati', 'UTC']) {
      process.env.TZ = tz;
      expect(new Date('2026-01-01T00:00:00Z').getTimezoneOffset(), tz).toBe(
        { 'Pacific/Honolulu': 600, 'America/Los_Angeles': 480, 'Pacific/Kiritimati': -840, UTC: 0 }[tz],
      );
      applyLanguage('en');
      expect(formatDate('2026-01-01'), tz).toBe('Jan 1, 2026');
      expect(formatDate('2026-12-31'), tz).toBe('Dec 31, 2026');
      applyLanguage('de');
      expect(formatDate('2026-01-01'), tz).toBe('01.01.2026');
    }
  });

  it('shows nothing as "—" and what is no calendar date as it came', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDate(undefined)).toBe('—');
    expect(formatDate('')).toBe('—');
    expect(formatDate('2026-02-31')).toBe('2026-02-31');
    expect(formatDate('30.06.2026')).toBe('30.06.2026');
  });
});

describe('formatTime', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    applyLanguage('en');
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('writes a moment as the date-time field writes it, in the window’s time zone', () => {
    process.env.TZ = 'Europe/Berlin';
    applyLanguage('de');
    expect(formatTime('2026-03-01T08:00:00.000Z')).toBe('01.03.2026, 09:00');
    expect(formatTime('2026-03-01T08:00:00.000Z')).toBe(
      dateTimeText(isoToLocal('2026-03-01T08:00:00.000Z'), 'de'),
    );
    applyLanguage('en');
    expect(formatTime('2026-03-01T08:00:00.000Z')).toBe('03/01/2026, 09:00 AM');
  });

  it('shows nothing as "—" and what is no moment as it came', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime('soon')).toBe('soon');
  });
});
