/** renderer/src/screens/settings/LogFilters.tsx: From and To reach the contract only when they are times. */
import { describe, expect, it } from 'vitest';
import { NO_FILTERS, toLogFilters } from '../../../../renderer/src/screens/settings/LogFilters.js';

describe('toLogFilters', () => {
  it('sends From and To as UTC when they are a day and a time (what the date-time field holds)', () => {
    expect(toLogFilters({ ...NO_FILTERS, from: '2026-03-01T09:00', to: '2026-03-02T18:30' })).toEqual({
      from: new Date(2026, 2, 1, 9, 0).toISOString(),
      to: new Date(2026, 2, 2, 18, 30).toISOString(),
    });
  });

  it('leaves out text still being typed, which Date would have read as a year ("1" → 2001)', () => {
    expect(toLogFilters({ ...NO_FILTERS, from: '1', to: '31.12.2026' })).toEqual({});
    expect(toLogFilters({ ...NO_FILTERS, from: '2026-02-31T10:00' })).toEqual({});
  });
});
