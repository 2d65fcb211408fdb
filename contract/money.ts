/**
 * Money as a person types it and as the API stores it. The API takes and gives
 * integer minor units (`unitPrice: 12000` is 120.00 EUR, `unitPrice: 120` is
 * 120 JPY); people type a decimal amount. `parseAmount` is the one conversion
 * from what a person typed to minor units, for the currency's number of
 * decimals (ISO 4217, through Intl: EUR 2, JPY 0, KWD 3).
 *
 * The rule, written down in docs/architecture.md's conventions:
 * - an optional sign, digits, and separators: `.` `,` a space or `'`;
 * - with two kinds of separator, the last one is the decimal separator
 *   ("1.234,56" and "1,234.56" are both 1234.56), the other groups thousands;
 * - a separator used more than once, or a space or `'`, groups thousands
 *   ("1.234.567"); groups after the first have three digits;
 * - a lone `.` or `,` is the decimal separator ("120,50", "120.5"), except
 *   when exactly three digits follow ("1.500"): in a currency without decimals
 *   (JPY) it groups thousands, in one with three (KWD) it is the decimal
 *   separator, and in one with two (EUR) it is refused as ambiguous;
 * - more decimals than the currency has are refused, never rounded.
 *
 * This file imports nothing: the n8n package and the Zapier app get a copy
 * from their generators (they import nothing of the repository).
 */

/** A refused amount; the message names the field by its label and says what to type. */
export class AmountError extends Error {
  override name = 'AmountError';
}

/** The currency's decimals (EUR 2, JPY 0, KWD 3); throws on a code Intl refuses. */
export function minorDigits(currency: string): number {
  if (!/^[A-Z]{3}$/.test(currency)) {
    throw new AmountError(`Currency: "${currency}" is not a three-letter ISO 4217 code such as EUR`);
  }
  const { maximumFractionDigits } = new Intl.NumberFormat('en', {
    style: 'currency',
    currency,
  }).resolvedOptions();
  // Always set for a currency format; the newer lib typings leave it optional.
  return maximumFractionDigits ?? 2;
}

const GROUPING = /[\s'’]/;
const SHAPE = /^[0-9][0-9.,\s'’]*$/;

/** The amount typed, in minor units of `currency`; `label` names the field in the error ("Unit price"). */
export function parseAmount(input: unknown, currency: string, label: string): number {
  const digits = minorDigits(currency);
  const example =
    digits === 0 ? 'like 120' : `like 120.${'0'.repeat(digits)} or 120,${'5'.padEnd(digits, '0')}`;
  const refuse = (why: string): never => {
    throw new AmountError(`${label}: ${why}`);
  };
  if (typeof input === 'number') return fromNumber(input, currency, digits, label, refuse);
  if (typeof input !== 'string') return refuse(`enter an amount ${example}`);
  const text = input.trim();
  const negative = /^[-−]/.test(text);
  const body = text.replace(/^[-−+]\s*/, '');
  if (!SHAPE.test(body) || !/[0-9]$/.test(body)) return refuse(`enter an amount ${example}, not "${input}"`);

  const separators = [...body.replace(/[0-9]/g, '')].map((c) => (GROUPING.test(c) ? ' ' : c));
  const kinds = [...new Set(separators)];
  let group: string | null = null;
  let decimal: string | null = null;
  if (kinds.length > 2) return refuse(`"${input}" mixes too many separators: enter an amount ${example}`);
  if (kinds.length === 2) {
    decimal = separators[separators.length - 1];
    group = kinds.find((k) => k !== decimal)!;
    if (decimal === ' ' || separators.filter((s) => s === decimal).length > 1) {
      return refuse(`"${input}" has no clear decimal separator: enter an amount ${example}`);
    }
  } else if (kinds.length === 1) {
    const only = kinds[0];
    if (only === ' ' || separators.length > 1) group = only;
    else {
      const after = body.length - 1 - Math.max(body.lastIndexOf('.'), body.lastIndexOf(','));
      if (after !== 3) decimal = only;
      else if (digits === 0) group = only;
      else if (digits === 3) decimal = only;
      else
        return refuse(
          `"${input}" is ambiguous: for ${body.replace(only, '')} write ${body.replace(only, '')} or ${body}${only === '.' ? ',' : '.'}00`,
        );
    }
  }

  const normal = [...body].map((c) => (GROUPING.test(c) ? ' ' : c)).join('');
  const [whole, fraction = ''] = decimal === null ? [normal] : normal.split(decimal);
  const groups = group === null ? [whole] : whole.split(group);
  if (group !== null && (groups[0].length > 3 || groups.slice(1).some((g) => g.length !== 3))) {
    return refuse(`"${input}" groups its thousands oddly: enter an amount ${example}`);
  }
  if (fraction.length > digits) {
    return refuse(
      digits === 0
        ? `${currency} has no decimals: enter a whole amount ${example}, not "${input}"`
        : `${currency} has ${digits} decimals, "${input}" has ${fraction.length}: enter an amount ${example}`,
    );
  }
  const minor = Number(groups.join('') + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) return refuse(`"${input}" is too large`);
  return negative && minor !== 0 ? -minor : minor;
}

/** A number from an expression (n8n, a Zapier step) is a decimal amount: 120.5 is 120.50. */
function fromNumber(
  value: number,
  currency: string,
  digits: number,
  label: string,
  refuse: (why: string) => never,
) {
  if (!Number.isFinite(value)) return refuse('enter an amount like 120.00');
  const text = String(Math.abs(value));
  if (/e/i.test(text)) return refuse(`${value} is out of range`);
  const [whole, fraction = ''] = text.split('.');
  if (fraction.length > digits) {
    return refuse(
      digits === 0
        ? `${currency} has no decimals: enter a whole amount, not ${value}`
        : `${currency} has ${digits} decimals, ${value} has ${fraction.length}`,
    );
  }
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) return refuse(`${value} is too large`);
  return value < 0 && minor !== 0 ? -minor : minor;
}

/** Minor units as a plain decimal amount for the currency: 12000 EUR → "120.00", 120 JPY → "120". */
export function formatAmount(minor: number, currency: string): string {
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}
