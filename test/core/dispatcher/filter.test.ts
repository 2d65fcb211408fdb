import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COMPARISON_OPERATORS,
  filterShapeProblem,
  type FilterScalar,
  type WebhookFilter,
} from '../../../contract/webhook-filter.js';
import { compileFilter, matchesFilter } from '../../../main/core/dispatcher/filter.js';

const PATHS = ['data.status', 'data.total', 'data.clientId', 'data.items.0.taxRate', 'data.note', 'type'];
const scalar: fc.Arbitrary<FilterScalar> = fc.oneof(
  fc.constantFrom('paid', 'sent', 'draft', 'cli_a', 'cli_b', '2026-03-01', ''),
  fc.integer({ min: -5, max: 200_000 }),
  fc.constantFrom(0, 100_000, 99_999, 100_001, 1.5),
  fc.boolean(),
  fc.constant(null),
);
const orderable = fc.oneof(
  fc.integer({ min: -5, max: 200_000 }),
  fc.constantFrom('2026-01-01', '2026-03-01', 'm', ''),
);
const path = fc.constantFrom(...PATHS);

/** An event payload: some of the paths present (with any JSON value, a list, an object), some missing. */
const payload = fc
  .record(
    {
      status: scalar,
      total: scalar,
      clientId: scalar,
      items: fc.array(fc.record({ taxRate: scalar }, { requiredKeys: [] }), { maxLength: 2 }),
      note: fc.oneof(
        scalar,
        fc.array(scalar, { maxLength: 2 }),
        fc.dictionary(fc.string(), scalar, { maxKeys: 2 }),
      ),
    },
    { requiredKeys: [] },
  )
  .chain((data) =>
    fc.record({ type: fc.constantFrom('invoice.paid', 'invoice.sent'), data: fc.constant(data) }),
  );

const comparison: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  scalar.map((v) => ({ $eq: v })),
  scalar.map((v) => ({ $neq: v })),
  fc.array(scalar, { minLength: 1, maxLength: 3 }).map((v) => ({ $in: v })),
  fc.array(scalar, { minLength: 1, maxLength: 3 }).map((v) => ({ $nin: v })),
  orderable.map((v) => ({ $gt: v })),
  orderable.map((v) => ({ $gte: v })),
  orderable.map((v) => ({ $lt: v })),
  orderable.map((v) => ({ $lte: v })),
  fc.boolean().map((v) => ({ $exists: v })),
);
const leaf: fc.Arbitrary<WebhookFilter> = fc
  .dictionary(path, comparison, { minKeys: 1, maxKeys: 3 })
  .map((d) => d as WebhookFilter);
const filter: fc.Arbitrary<WebhookFilter> = fc.letrec<{ node: WebhookFilter }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((items) => ({ $and: items })),
    fc.array(tie('node'), { minLength: 1, maxLength: 3 }).map((items) => ({ $or: items })),
  ),
})).node;

const at = (p: string, c: Record<string, unknown>): WebhookFilter => ({ [p]: c }) as WebhookFilter;

describe('the filter evaluator (property tests)', () => {
  it('never throws on any payload, for any well-shaped filter', () => {
    fc.assert(
      fc.property(filter, fc.jsonValue(), (f, anything) => {
        expect(typeof matchesFilter(f, anything)).toBe('boolean');
      }),
    );
  });

  it('the filters generated here are the shapes the contract accepts (at most 20 conditions)', () => {
    fc.assert(
      fc.property(filter, (f) => {
        const problem = filterShapeProblem(f);
        expect(
          problem === null || problem.startsWith('at most 20 conditions') || problem.includes('nest at most'),
        ).toBe(true);
      }),
    );
  });

  it('$neq is the negation of $eq, $nin of $in, $exists false of $exists true', () => {
    fc.assert(
      fc.property(
        path,
        scalar,
        fc.array(scalar, { minLength: 1, maxLength: 4 }),
        payload,
        (p, v, list, event) => {
          expect(matchesFilter(at(p, { $neq: v }), event)).toBe(!matchesFilter(at(p, { $eq: v }), event));
          expect(matchesFilter(at(p, { $nin: list }), event)).toBe(
            !matchesFilter(at(p, { $in: list }), event),
          );
          expect(matchesFilter(at(p, { $exists: false }), event)).toBe(
            !matchesFilter(at(p, { $exists: true }), event),
          );
        },
      ),
    );
  });

  it('$in is $eq of one of the values, each alone', () => {
    fc.assert(
      fc.property(path, fc.array(scalar, { minLength: 1, maxLength: 4 }), payload, (p, list, event) => {
        const any = list.some((v) => matchesFilter(at(p, { $eq: v }), event));
        expect(matchesFilter(at(p, { $in: list }), event)).toBe(any);
      }),
    );
  });

  it('$eq matches only a field that is there, with the same type and value', () => {
    fc.assert(
      fc.property(path, scalar, payload, (p, v, event) => {
        const matched = matchesFilter(at(p, { $eq: v }), event);
        if (matched) expect(matchesFilter(at(p, { $exists: true }), event)).toBe(true);
        expect(matchesFilter(at('data.status', { $eq: v }), { data: { status: v } })).toBe(true);
      }),
    );
  });

  it('the orderings agree: $gte is $gt or equal, $lt is not $gte, $lte is not $gt, for comparable values', () => {
    fc.assert(
      fc.property(orderable, orderable, (value, bound) => {
        const event = { data: { total: value } };
        const m = (c: Record<string, unknown>) => matchesFilter(at('data.total', c), event);
        const comparable = typeof value === typeof bound;
        expect(m({ $gte: bound })).toBe(comparable && (m({ $gt: bound }) || value === bound));
        expect(m({ $lt: bound })).toBe(comparable && !m({ $gte: bound }));
        expect(m({ $lte: bound })).toBe(comparable && !m({ $gt: bound }));
        if (typeof value === 'number' && typeof bound === 'number')
          expect(m({ $gt: bound })).toBe(value > bound);
      }),
    );
  });

  it('a number never orders against a text, nor a missing field against anything', () => {
    fc.assert(
      fc.property(fc.integer(), fc.string(), (n, s) => {
        for (const op of ['$gt', '$gte', '$lt', '$lte']) {
          expect(matchesFilter(at('data.total', { [op]: s }), { data: { total: n } })).toBe(false);
          expect(matchesFilter(at('data.total', { [op]: n }), { data: { total: s } })).toBe(false);
          expect(matchesFilter(at('data.total', { [op]: n }), { data: {} })).toBe(false);
        }
      }),
    );
  });

  it('$and is every item, $or is at least one, and the keys of one object are all required', () => {
    fc.assert(
      fc.property(filter, filter, payload, (a, b, event) => {
        const ma = matchesFilter(a, event);
        const mb = matchesFilter(b, event);
        expect(matchesFilter({ $and: [a, b] }, event)).toBe(ma && mb);
        expect(matchesFilter({ $or: [a, b] }, event)).toBe(ma || mb);
        expect(matchesFilter({ $and: [a] }, event)).toBe(ma);
        // Two comparisons on one path in one object are both required.
        const both = { ...(a as object) } as WebhookFilter;
        expect(matchesFilter({ $and: [both, { $or: [b] }] }, event)).toBe(ma && mb);
      }),
    );
  });

  it('several comparisons on one path must all match', () => {
    fc.assert(
      fc.property(comparison, comparison, payload, (c1, c2, event) => {
        const merged = { ...c1, ...c2 };
        const single = (c: Record<string, unknown>) => matchesFilter(at('data.total', c), event);
        const expected = Object.entries(merged).every(([op, v]) => single({ [op]: v }));
        expect(single(merged)).toBe(expected);
      }),
    );
  });

  it('an empty filter matches everything; a stored one compiles to the same answers', () => {
    fc.assert(
      fc.property(filter, payload, (f, event) => {
        expect(matchesFilter({}, event)).toBe(true);
        expect(compileFilter(JSON.stringify(f))!(event)).toBe(matchesFilter(f, event));
      }),
    );
    expect(compileFilter(null)).toBeNull();
    expect(compileFilter('{}')).toBeNull();
  });
});

describe('the filter evaluator (cases)', () => {
  const invoice = {
    id: 'evt_1',
    type: 'invoice.paid',
    data: { status: 'paid', total: 119_000, clientId: 'cli_a', items: [{ taxRate: 19 }], quoteId: null },
  };

  it("matches the issue's example only for a paid invoice of 1,000.00 or more for that client", () => {
    const f: WebhookFilter = {
      'data.status': { $eq: 'paid' },
      'data.total': { $gte: 100_000 },
      'data.clientId': { $in: ['cli_a'] },
    };
    expect(matchesFilter(f, invoice)).toBe(true);
    expect(matchesFilter(f, { ...invoice, data: { ...invoice.data, total: 99_999 } })).toBe(false);
    expect(matchesFilter(f, { ...invoice, data: { ...invoice.data, total: 100_000 } })).toBe(true);
    expect(matchesFilter(f, { ...invoice, data: { ...invoice.data, clientId: 'cli_b' } })).toBe(false);
    expect(matchesFilter(f, { ...invoice, data: { ...invoice.data, status: 'sent' } })).toBe(false);
  });

  it('walks a list by index, treats null as present, and never reads inherited fields', () => {
    expect(matchesFilter({ 'data.items.0.taxRate': { $eq: 19 } }, invoice)).toBe(true);
    expect(matchesFilter({ 'data.items.1.taxRate': { $exists: true } }, invoice)).toBe(false);
    expect(matchesFilter({ 'data.quoteId': { $exists: true } }, invoice)).toBe(true);
    expect(matchesFilter({ 'data.quoteId': { $eq: null } }, invoice)).toBe(true);
    expect(matchesFilter({ 'data.constructor': { $exists: true } }, invoice)).toBe(false);
    expect(matchesFilter({ 'data.status.length': { $exists: true } }, invoice)).toBe(false);
    expect(matchesFilter({ 'data.items.length': { $eq: 1 } }, invoice)).toBe(false);
  });

  it('an operator stored by hand that the shape check would refuse matches nothing', () => {
    expect(COMPARISON_OPERATORS).not.toContain('$regex');
    expect(matchesFilter({ 'data.status': { $regex: 'p' } } as unknown as WebhookFilter, invoice)).toBe(
      false,
    );
  });
});
