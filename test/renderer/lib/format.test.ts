/** renderer/src/lib/format.ts: money shown with its currency, in that currency's minor unit. */
import { describe, expect, it } from 'vitest';
import { amountText, formatMoney } from '../../../renderer/src/lib/format.js';

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
