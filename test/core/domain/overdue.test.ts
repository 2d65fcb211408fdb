/**
 * "Overdue: the day after the due date in the local time zone", and a quote
 * expires the day after its validUntil the same way. The process runs in Los
 * Angeles here (UTC-8 in winter), so the local day boundary is 08:00 UTC, and
 * a check that used UTC dates would be 8 hours early.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { dateChecks, OverdueScheduler } from '../../../main/core/domain/overdue.js';
import { createFixture, item, type Fixture } from '../../support/core.js';

const originalTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/Los_Angeles';
});
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

const fixtures: Fixture[] = [];
const dirs: string[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const f of fixtures.splice(0)) f.core.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function setup(now = Date.UTC(2026, 0, 15, 18, 0, 0), dataDir?: string): Fixture {
  const f = createFixture({ now, dataDir });
  fixtures.push(f);
  return f;
}

async function sentInvoice(f: Fixture, dates: { issueDate?: string; dueDate?: string } = {}) {
  const clientId = (await f.call('clients.create', { name: 'Acme' })).id;
  const invoice = await f.call('invoices.create', { clientId, items: [item()], ...dates });
  return f.call('invoices.send', { id: invoice.id });
}

const overdueEvents = (f: Fixture) => f.outbox().filter((row) => row.type === 'invoice.overdue');
const expiredEvents = (f: Fixture) => f.outbox().filter((row) => row.type === 'quote.expired');

async function sentQuote(f: Fixture, validUntil: string | null) {
  const clientId = (await f.call('clients.create', { name: 'Acme' })).id;
  const quote = await f.call('quotes.create', { clientId, validUntil, items: [item()] });
  return f.call('quotes.send', { id: quote.id });
}

describe('overdue invoices', () => {
  it('fall overdue at local midnight after the due date, not at UTC midnight, with invoice.overdue once', async () => {
    const f = setup();
    const invoice = await sentInvoice(f, { dueDate: '2026-01-20' });

    f.clock.set(Date.UTC(2026, 0, 21, 0, 0, 0)); // UTC already on the 21st; Los Angeles still on the 20th
    expect(f.core.invoices.markOverdue()).toBe(0);
    f.clock.set(Date.UTC(2026, 0, 21, 7, 59, 59)); // 23:59:59 on the due date, local
    expect(f.core.invoices.markOverdue()).toBe(0);
    expect((await f.call('invoices.get', { id: invoice.id })).status).toBe('sent');

    f.clock.set(Date.UTC(2026, 0, 21, 8, 0, 0)); // 00:00 on the 21st, local
    expect(f.core.invoices.markOverdue()).toBe(1);
    const overdue = await f.call('invoices.get', { id: invoice.id });
    expect(overdue).toMatchObject({ status: 'overdue', number: invoice.number, total: invoice.total });
    expect(overdueEvents(f)).toMatchObject([
      { event: { data: overdue, timestamp: '2026-01-21T08:00:00.000Z' } },
    ]);

    f.clock.advance(3 * 86_400_000);
    expect(f.core.invoices.markOverdue()).toBe(0);
    expect(overdueEvents(f)).toHaveLength(1);
  });

  it('takes "today" for the issue date, and the numbering year, from the local date', async () => {
    const f = setup(Date.UTC(2026, 0, 1, 5, 0, 0)); // 21:00 on 31 Dec 2025 in Los Angeles
    const sent = await sentInvoice(f);
    expect(sent).toMatchObject({ issueDate: '2025-12-31', dueDate: '2026-01-14', number: 'INV-2025-0001' });
  });

  it('leaves drafts, paid and voided invoices alone; an overdue one can still be paid or voided, never overdue again', async () => {
    const f = setup();
    const clientId = (await f.call('clients.create', { name: 'Acme' })).id;
    const draft = await f.call('invoices.create', { clientId, items: [item()], dueDate: '2026-01-16' });
    const paid = await sentInvoice(f, { dueDate: '2026-01-16' });
    await f.call('invoices.markPaid', { id: paid.id });
    const voided = await sentInvoice(f, { dueDate: '2026-01-16' });
    await f.call('invoices.void', { id: voided.id });
    const late = await sentInvoice(f, { dueDate: '2026-01-16' });
    const lateToo = await sentInvoice(f, { dueDate: '2026-01-16' });

    f.clock.set(Date.UTC(2026, 0, 17, 8, 0, 0));
    expect(f.core.invoices.markOverdue()).toBe(2);
    expect((await f.call('invoices.get', { id: draft.id })).status).toBe('draft');
    expect((await f.call('invoices.get', { id: paid.id })).status).toBe('paid');
    expect((await f.call('invoices.get', { id: voided.id })).status).toBe('void');
    expect((await f.call('invoices.markPaid', { id: late.id })).status).toBe('paid');
    expect((await f.call('invoices.void', { id: lateToo.id })).status).toBe('void');
    expect(f.core.invoices.markOverdue()).toBe(0);
    expect(
      overdueEvents(f)
        .map((row) => row.event.data.id)
        .sort(),
    ).toEqual([late.id, lateToo.id].sort());
  });

  it('catches invoices that fell due while the app was closed, at the next start, once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dversum-overdue-'));
    dirs.push(dataDir);
    const first = setup(Date.UTC(2026, 0, 15, 18, 0, 0), dataDir);
    const invoice = await sentInvoice(first, { dueDate: '2026-01-29' });
    fixtures.splice(0);
    await first.core.close();

    // Two weeks later the app is opened again.
    const later = setup(Date.UTC(2026, 1, 12, 17, 0, 0), dataDir);
    expect((await later.call('invoices.get', { id: invoice.id })).status).toBe('sent');
    await later.core.start();
    expect((await later.call('invoices.get', { id: invoice.id })).status).toBe('overdue');
    expect(overdueEvents(later)).toHaveLength(1);
    fixtures.splice(0);
    await later.core.close();

    const again = setup(Date.UTC(2026, 1, 13, 17, 0, 0), dataDir);
    await again.core.start();
    expect(overdueEvents(again)).toHaveLength(1);
  });
});

describe('expired quotes', () => {
  it('expire at local midnight after validUntil, not at UTC midnight, with quote.expired once', async () => {
    const f = setup();
    const quote = await sentQuote(f, '2026-01-20');

    f.clock.set(Date.UTC(2026, 0, 21, 7, 59, 59)); // UTC on the 21st; 23:59:59 on the 20th in Los Angeles
    expect(f.core.quotes.markExpired()).toBe(0);
    expect((await f.call('quotes.accept', { id: quote.id })).status).toBe('accepted');

    const late = await sentQuote(f, '2026-01-20');
    f.clock.set(Date.UTC(2026, 0, 21, 8, 0, 0)); // 00:00 on the 21st, local
    expect(f.core.quotes.markExpired()).toBe(1);
    const expired = await f.call('quotes.get', { id: late.id });
    expect(expired).toMatchObject({
      status: 'expired',
      number: late.number,
      updatedAt: '2026-01-21T08:00:00.000Z',
    });
    expect(expiredEvents(f)).toMatchObject([
      { event: { data: expired, timestamp: '2026-01-21T08:00:00.000Z' } },
    ]);

    f.clock.advance(3 * 86_400_000);
    expect(f.core.quotes.markExpired()).toBe(0);
    expect(expiredEvents(f)).toHaveLength(1);
  });

  it('leaves drafts, answered quotes and quotes without validUntil alone', async () => {
    const f = setup();
    const clientId = (await f.call('clients.create', { name: 'Acme' })).id;
    const draft = await f.call('quotes.create', { clientId, validUntil: '2026-01-16', items: [item()] });
    const rejected = await sentQuote(f, '2026-01-16');
    await f.call('quotes.reject', { id: rejected.id });
    const open = await sentQuote(f, null);
    f.clock.set(Date.UTC(2026, 5, 1, 12));
    expect(f.core.quotes.markExpired()).toBe(0);
    expect((await f.call('quotes.get', { id: draft.id })).status).toBe('draft');
    expect((await f.call('quotes.get', { id: rejected.id })).status).toBe('rejected');
    expect((await f.call('quotes.get', { id: open.id })).status).toBe('sent');
  });

  it('catches quotes that expired while the app was closed, at the next start, once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'dversum-expiry-'));
    dirs.push(dataDir);
    const first = setup(Date.UTC(2026, 0, 15, 18, 0, 0), dataDir);
    const quote = await sentQuote(first, '2026-01-29');
    fixtures.splice(0);
    await first.core.close();

    const later = setup(Date.UTC(2026, 1, 12, 17, 0, 0), dataDir);
    expect((await later.call('quotes.get', { id: quote.id })).status).toBe('sent');
    await later.core.start();
    expect((await later.call('quotes.get', { id: quote.id })).status).toBe('expired');
    expect(expiredEvents(later)).toHaveLength(1);
    fixtures.splice(0);
    await later.core.close();

    const again = setup(Date.UTC(2026, 1, 13, 17, 0, 0), dataDir);
    await again.core.start();
    expect(expiredEvents(again)).toHaveLength(1);
  });
});

describe('OverdueScheduler', () => {
  it('checks at start, then every minute against the clock (invoices overdue, quotes expired), and stops when stopped', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const f = setup();
    const invoice = await sentInvoice(f, { dueDate: '2026-01-20' });
    const quote = await sentQuote(f, '2026-01-20');
    const scheduler = new OverdueScheduler(dateChecks(f.core));
    scheduler.start();
    expect((await f.call('invoices.get', { id: invoice.id })).status).toBe('sent');

    // The machine slept through the due date: the timer never fired, the clock moved on.
    f.clock.set(Date.UTC(2026, 0, 25, 12, 0, 0));
    vi.advanceTimersByTime(59_999);
    expect((await f.call('invoices.get', { id: invoice.id })).status).toBe('sent');
    expect((await f.call('quotes.get', { id: quote.id })).status).toBe('sent');
    vi.advanceTimersByTime(1);
    expect((await f.call('invoices.get', { id: invoice.id })).status).toBe('overdue');
    expect((await f.call('quotes.get', { id: quote.id })).status).toBe('expired');

    const another = await sentInvoice(f, { issueDate: '2026-01-15', dueDate: '2026-01-20' });
    scheduler.stop();
    vi.advanceTimersByTime(10 * 60_000);
    expect((await f.call('invoices.get', { id: another.id })).status).toBe('sent');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('reports a failed check, still runs the others, and keeps checking', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const errors: unknown[] = [];
    let calls = 0;
    let otherCalls = 0;
    const failingOnce = () => {
      calls += 1;
      if (calls === 1) throw new Error('database is busy');
      return 0;
    };
    const other = () => ((otherCalls += 1), 1);
    const scheduler = new OverdueScheduler([failingOnce, other], { onError: (error) => errors.push(error) });
    scheduler.start();
    expect(errors).toEqual([new Error('database is busy')]);
    expect(otherCalls).toBe(1);
    vi.advanceTimersByTime(60_000);
    expect(calls).toBe(2);
    expect(otherCalls).toBe(2);
    scheduler.stop();
  });
});
