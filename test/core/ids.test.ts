import { describe, expect, it } from 'vitest';
import { isIdOf, newId } from '../../main/core/ids.js';

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
});
