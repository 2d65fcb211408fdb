/** contract/money.ts: what a person types as an amount, in the currency's minor units. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AmountError, formatAmount, minorDigits, parseAmount } from '../../contract/money.js';
import { RESOURCES } from '../../contract/resources.js';

const parse = (text: unknown, currency = 'EUR') => parseAmount(text, currency, 'Unit price');

describe('minorDigits', () => {
  it('is ISO 4217’s through Intl: EUR 2, USD 2, JPY 0, KWD 3', () => {
    expect(['EUR', 'USD', 'JPY', 'KWD'].map(minorDigits)).toEqual([2, 2, 0, 3]);
  });
  it('refuses a code that is not three capital letters', () => {
    expect(() => minorDigits('eur')).toThrow(
      new AmountError('Currency: "eur" is not a three-letter ISO 4217 code such as EUR'),
    );
  });
});

describe('parseAmount', () => {
  it.each([
    ['120', 12000],
    ['120.00', 12000],
    ['120,50', 12050],
    ['120.5', 12050],
    [' 0,01 ', 1],
    ['1.234,56', 123456],
    ['1,234.56', 123456],
    ['1 234,56', 123456],
    ['1\u202f234,56', 123456],
    ["1'234.56", 123456],
    ['1.234.567', 123456700],
    ['1,234,567.8', 123456780],
    ['-15,00', -1500],
    ['−15.00', -1500],
    ['+15', 1500],
    ['-0', 0],
  ])('EUR "%s" is %d', (text, minor) => {
    expect(parse(text)).toBe(minor);
  });

  it('a number from an expression is a decimal amount: 120 is 120.00, 120.5 is 120.50', () => {
    expect(parse(120)).toBe(12000);
    expect(parse(120.5)).toBe(12050);
    expect(parse(-3)).toBe(-300);
    expect(parse(120, 'JPY')).toBe(120);
  });

  it('follows the currency’s decimals: JPY 0, KWD 3', () => {
    expect(parse('120', 'JPY')).toBe(120);
    expect(parse('1,500', 'JPY')).toBe(1500);
    expect(parse('1.500.000', 'JPY')).toBe(1500000);
    expect(parse('120', 'KWD')).toBe(120000);
    expect(parse('1.500', 'KWD')).toBe(1500);
    expect(parse('1,234.567', 'KWD')).toBe(1234567);
  });

  it.each([
    ['', 'EUR', 'Unit price: enter an amount like 120.00 or 120,50, not ""'],
    ['abc', 'EUR', 'Unit price: enter an amount like 120.00 or 120,50, not "abc"'],
    ['12e3', 'EUR', 'Unit price: enter an amount like 120.00 or 120,50, not "12e3"'],
    ['€120', 'EUR', 'Unit price: enter an amount like 120.00 or 120,50, not "€120"'],
    ['120.', 'EUR', 'Unit price: enter an amount like 120.00 or 120,50, not "120."'],
    ['1.500', 'EUR', 'Unit price: "1.500" is ambiguous: for 1500 write 1500 or 1.500,00'],
    ['1,234', 'EUR', 'Unit price: "1,234" is ambiguous: for 1234 write 1234 or 1,234.00'],
    ['120.505', 'EUR', 'Unit price: "120.505" is ambiguous: for 120505 write 120505 or 120.505,00'],
    [
      '120.5050',
      'EUR',
      'Unit price: EUR has 2 decimals, "120.5050" has 4: enter an amount like 120.00 or 120,50',
    ],
    [
      '1,234.567',
      'EUR',
      'Unit price: EUR has 2 decimals, "1,234.567" has 3: enter an amount like 120.00 or 120,50',
    ],
    ['120.5', 'JPY', 'Unit price: JPY has no decimals: enter a whole amount like 120, not "120.5"'],
    [
      '1.23.456',
      'EUR',
      'Unit price: "1.23.456" groups its thousands oddly: enter an amount like 120.00 or 120,50',
    ],
    ['1,2.5', 'EUR', 'Unit price: "1,2.5" groups its thousands oddly: enter an amount like 120.00 or 120,50'],
    [
      '1.234,5.6',
      'EUR',
      'Unit price: "1.234,5.6" has no clear decimal separator: enter an amount like 120.00 or 120,50',
    ],
    [
      '1.2,3 4',
      'EUR',
      'Unit price: "1.2,3 4" mixes too many separators: enter an amount like 120.00 or 120,50',
    ],
    ['99999999999999999', 'EUR', 'Unit price: "99999999999999999" is too large'],
  ])('refuses "%s" in %s: %s', (text, currency, message) => {
    expect(() => parse(text, currency)).toThrow(new AmountError(message));
  });

  it('refuses a number with more decimals than the currency has, never rounding', () => {
    expect(() => parse(0.1 + 0.2)).toThrow(
      new AmountError('Unit price: EUR has 2 decimals, 0.30000000000000004 has 17'),
    );
    expect(() => parse(1.5, 'JPY')).toThrow(
      new AmountError('Unit price: JPY has no decimals: enter a whole amount, not 1.5'),
    );
    expect(() => parse(Number.NaN)).toThrow(new AmountError('Unit price: enter an amount like 120.00'));
    expect(() => parse(null)).toThrow(new AmountError('Unit price: enter an amount like 120.00 or 120,50'));
  });
});

describe('formatAmount', () => {
  it('writes minor units as a plain decimal amount', () => {
    expect(formatAmount(12000, 'EUR')).toBe('120.00');
    expect(formatAmount(-5, 'EUR')).toBe('-0.05');
    expect(formatAmount(120, 'JPY')).toBe('120');
    expect(formatAmount(1500, 'KWD')).toBe('1.500');
  });
});

describe('format then parse round-trips', () => {
  const currency = fc.constantFrom('EUR', 'USD', 'JPY', 'KWD', 'CHF', 'ISK');
  const minor = fc.integer({ min: -100_000_000_000, max: 100_000_000_000 });

  it('formatAmount’s text parses back to the same minor units', () => {
    fc.assert(fc.property(minor, currency, (m, c) => parse(formatAmount(m, c), c) === m));
  });

  it('so does what Intl writes in en-US, de-DE, fr-CH and fr-FR, grouped or not', () => {
    const locale = fc.constantFrom('en-US', 'de-DE', 'de-CH', 'fr-FR');
    fc.assert(
      fc.property(minor, currency, locale, fc.boolean(), (m, c, l, grouped) => {
        const digits = minorDigits(c);
        const text = new Intl.NumberFormat(l, {
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
          useGrouping: grouped,
        }).format(m / 10 ** digits);
        expect(parse(text, c)).toBe(m);
      }),
    );
  });

  it('a number of the currency’s decimals is the same amount as its text', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), currency, (m, c) => {
        const digits = minorDigits(c);
        const value = Number(formatAmount(m, c));
        return value === m / 10 ** digits ? parse(value, c) === m : true;
      }),
    );
  });
});

describe('every money field says it is in minor units', () => {
  type Schema = {
    description?: string;
    examples?: unknown[];
    properties?: Record<string, Schema>;
    items?: Schema;
  };
  const MONEY = ['unitPrice', 'amount', 'subtotal', 'taxTotal', 'total'];
  /** The money fields' [path, schema] anywhere in a JSON schema. */
  const moneyFields = (schema: Schema, path = ''): [string, Schema][] => [
    ...Object.entries(schema.properties ?? {}).flatMap(([key, s]): [string, Schema][] => [
      ...(MONEY.includes(key) ? [[`${path}${key}`, s] as [string, Schema]] : []),
      ...moneyFields(s, `${path}${key}.`),
    ]),
    ...(schema.items ? moneyFields(schema.items, `${path}[].`) : []),
  ];

  it.each(['quote', 'invoice'] as const)(
    '%s: in its item (the API’s and the events’ payload) and its create body',
    (key) => {
      const { schemas } = RESOURCES[key];
      const item = moneyFields(z.toJSONSchema(schemas.item, { io: 'output' }) as Schema);
      const create = moneyFields(z.toJSONSchema(schemas.create, { io: 'input' }) as Schema);
      expect(item.map(([path]) => path)).toEqual([
        'items.[].unitPrice',
        'items.[].amount',
        'subtotal',
        'taxTotal',
        'total',
      ]);
      expect(create.map(([path]) => path)).toEqual(['items.[].unitPrice']);
      for (const [path, schema] of [...item, ...create]) {
        expect(schema.description, path).toMatch(
          /in integer minor units of the currency \(cents\): \d+ is \d+\.\d\d EUR/,
        );
        expect(schema.examples, path).toHaveLength(1);
      }
    },
  );
});
