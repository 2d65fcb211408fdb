/**
 * Gapless document numbers (`INV-2026-0001`, `QUO-2026-0001`): one counter
 * per series and year (`store/repositories/number-sequences.ts`), advanced
 * inside the caller's transaction, so a change that rolls back gives its
 * number back.
 */
import type { NumberSequences } from '../store/repositories/number-sequences.js';

export type Series = 'INV' | 'QUO';

export const formatNumber = (series: Series, year: number, n: number): string =>
  `${series}-${year}-${String(n).padStart(4, '0')}`;

/** Takes the next number of the series for the year; call it inside the transaction that uses it. */
export function nextNumber(numbers: NumberSequences, series: Series, year: number): string {
  return formatNumber(series, year, numbers.next(series, year));
}
