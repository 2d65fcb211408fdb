import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AMOUNT_FIELDS, EVENT_CATALOG, RESOURCE_LIST } from '../../../contract/index.js';
import {
  buildCatalog,
  CATALOG_PATH,
  catalogText,
  COPIES,
  copyTexts,
  MONEY_PATHS,
  moneyTexts,
} from '../scripts/catalog-source.mjs';

describe('generated/catalog.json', () => {
  it('is what the contract gives today (else run: npm run generate -w dversum-zapier)', async () => {
    expect(readFileSync(CATALOG_PATH, 'utf8')).toBe(await catalogText(buildCatalog()));
  });

  it('has every event type that names an object, and each object of the resource table', () => {
    const catalog = buildCatalog();
    expect(catalog.events.map((e) => e.type)).toEqual(
      EVENT_CATALOG.filter((e) => e.permission !== null).map((e) => e.type),
    );
    expect(catalog.objects.map((o) => o.key)).toEqual(RESOURCE_LIST.map((r) => r.event));
  });

  it('each create’s fields are its create schema’s, the required ones required', () => {
    for (const r of RESOURCE_LIST) {
      const object = buildCatalog().objects.find((o) => o.key === r.event)!;
      const shape = (r.schemas.create as z.ZodObject).shape as Record<string, z.ZodType>;
      expect(
        object.fields.map((f) => [f.key, f.required]),
        r.key,
      ).toEqual(Object.entries(shape).map(([key, field]) => [key, !field.safeParse(undefined).success]));
    }
    const task = buildCatalog().objects.find((o) => o.key === 'task')!;
    expect(task.fields.slice(0, 3).map((f) => [f.key, f.required])).toEqual([
      ['title', true],
      ['description', false],
      ['status', false],
    ]);
    expect(task.fields.find((f) => f.key === 'status')!.choices).toEqual(['open', 'in_progress', 'done']);
    const invoice = buildCatalog().objects.find((o) => o.key === 'invoice')!;
    const items = invoice.fields.find((f) => f.key === 'items')!;
    expect(items).toMatchObject({ required: true, label: 'Line items' });
    expect(items.children!.map((f) => [f.key, f.type, f.required])).toEqual([
      ['description', 'text', true],
      ['quantity', 'number', true],
      ['unitPrice', 'string', true],
      ['taxRate', 'number', false],
    ]);
    // The unit price is typed as an amount and sent in minor units (lib/input.js), so it says so.
    expect(items.children!.find((f) => f.key === 'unitPrice')).toMatchObject({
      label: 'Unit price',
      placeholder: 'e.g. 120.00 or 120,50',
      helpText: expect.stringMatching(
        /^Price of one unit before tax, as you write it: 120, 120\.00 or 120,50/,
      ),
    });
    // The contract's money fields (found from their schemas; today's pinned in test/contract/resources.test.ts).
    expect(buildCatalog().amountFields).toEqual([...AMOUNT_FIELDS]);
    expect(buildCatalog().amountFields).toContain('unitPrice');
  });

  it('generated/money.js and money.d.ts are contract/money.ts as it is now (else run: npm run generate -w dversum-zapier)', async () => {
    const money = await moneyTexts();
    expect(readFileSync(MONEY_PATHS.js, 'utf8')).toBe(money.js);
    expect(readFileSync(MONEY_PATHS.dts, 'utf8')).toBe(money.dts);
  });

  it('generated/signature.js and signature.d.ts are contract/verify-signature.ts as it is now (else run: npm run generate -w dversum-zapier)', async () => {
    const signature = await copyTexts('signature');
    expect(readFileSync(COPIES.signature.js, 'utf8')).toBe(signature.js);
    expect(readFileSync(COPIES.signature.dts, 'utf8')).toBe(signature.dts);
  });
});

describe('generated/trigger-filter.js', () => {
  it('and trigger-filter.d.ts are contract/trigger-filter.ts as it is now (else run: npm run generate -w dversum-zapier)', async () => {
    const filter = await copyTexts('filter');
    expect(readFileSync(COPIES.filter.js, 'utf8')).toBe(filter.js);
    expect(readFileSync(COPIES.filter.dts, 'utf8')).toBe(filter.dts);
  });
});
