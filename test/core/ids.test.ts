import { describe, expect, it } from 'vitest';
import { firstIdAt, isIdOf, newId } from '../../main/core/ids.js';

describe('ids', () => {
  it('carry their type and match isIdOf', () => {
    const id = newId('client', Date.UTC(2026, 0, 1));
    expect(id).toMatch(/^cli_[0-9a-z]{26}$/);
    expect(isIdOf('client', id)).toBe(true);
    expect(isIdOf('task', id)).toBe(false);
  });

  it('sort in creation order, also within one millisecond', () => {
    const now = Date.UTC(2026, 5, 1, 12);
    const made = [...Array.from({ length: 1000 }, () => newId('task', now)), newId('task', now + 1)];
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(made.length);
  });

  it("keep the clock's time when it steps back (the log's time filters read it)", () => {
    const now = Date.UTC(2026, 5, 1, 12);
    const later = newId('delivery', now);
    const earlier = newId('delivery', now - 60_000);
    expect(earlier < later).toBe(true);
  });

  it('sort by time across milliseconds', () => {
    const earlier = newId('event', Date.UTC(2030, 0, 1));
    const later = newId('event', Date.UTC(2030, 0, 1) + 1);
    expect(earlier < later).toBe(true);
  });

  it('firstIdAt bounds by time: every id made before it sorts below, every one made at or after it does not', () => {
    const at = Date.UTC(2026, 11, 7, 8);
    const bound = firstIdAt('delivery', at);
    expect(bound).toBe(newId('delivery', at).slice(0, 'dlv_'.length + 10));
    for (const ms of [0, at - 86_400_000, at - 1]) expect(newId('delivery', ms) < bound).toBe(true);
    for (const ms of [at, at + 1, at + 86_400_000]) expect(newId('delivery', ms) >= bound).toBe(true);
    // The last id of the millisecond before (every random digit at its highest) still sorts below.
    expect(`${firstIdAt('delivery', at - 1)}${'z'.repeat(16)}` < bound).toBe(true);
  });
});
