/** Building blocks shared by every schema of the contract and the REST API. */
import { z } from 'zod';

export const isoDateTime = z.iso.datetime({ offset: true }).describe('ISO 8601 time, UTC');
export const isoDate = z.iso.date().describe('Calendar date, YYYY-MM-DD');

export const idOf = (prefix: string) =>
  z
    // A missing id says so plainly (forms show it next to the field) instead of zod's "expected string, received undefined".
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : undefined) })
    .regex(new RegExp(`^${prefix}_[0-9a-z]{26}$`), `must be a ${prefix}_… id`)
    .describe(`Id (${prefix}_…)`);

/** Optional text that may be cleared with null on update. */
export const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as EUR')
  .describe('ISO 4217 currency code; the amounts count its minor units (EUR cents, JPY whole yen)');

/** Marks money in the JSON Schema (so /api/docs shows it too); `AMOUNT_FIELDS` is derived from it. */
export const AMOUNT_MARK = 'x-amount';

/** Money in integer minor units: 1500 is 15.00. The integrations take it as an amount typed ("15.00"). */
export const money = z
  .number()
  .int('must be an integer amount in minor units (1500 is 15.00)')
  .meta({ [AMOUNT_MARK]: 'minor-units' });

/** Whether a schema is `money` (its bounds and words added: `money.min(0).meta(…)` still is), not under optional or nullable. */
export const isAmount = (schema: z.core.$ZodType): boolean =>
  z.globalRegistry.get(schema)?.[AMOUNT_MARK] === 'minor-units';

/**
 * A money field's words, for /api/docs, the generated integrations and every
 * tool that reads the schema: what it is, then that it is in minor units.
 */
export const inMinorUnits = (what: string, example: number) =>
  `${what}, in integer minor units of the currency (cents): ${example} is ${(example / 100).toFixed(2)} EUR, ` +
  `${example} JPY is ¥${example.toLocaleString('en')}`;

export const listInput = z.strictObject({
  search: z.string().max(200).optional(),
  cursor: z.string().max(100).optional(),
  limit: z.number().int().min(1).max(200).optional(),
});
export type ListInput = z.infer<typeof listInput>;

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

export const idInput = (prefix: string) => z.strictObject({ id: idOf(prefix) });

export const empty = z.strictObject({});
export const ok = z.object({ ok: z.literal(true) });
