/**
 * Checks an input against its zod schema with work bounded by what the answer
 * names, not by what was sent. A strict object's unknown keys are found by one
 * pass over the keys before zod runs (the first `MAX_FIELD_ISSUES` named, the
 * rest counted), and zod checks only the known ones: a megabyte of 60,000
 * unknown keys costs a few milliseconds instead of zod building and the answer
 * listing every one (docs/performance.md has the figures).
 */
import type { z } from 'zod';
import { fieldIssues, MAX_FIELD_ISSUES, type FieldIssues, type IssueLike } from './field-issues.js';

export type BoundedResult<T> = { success: true; data: T } | { success: false; issues: FieldIssues };

/** The shape of a strict object schema (unknown keys refused), else null. */
function strictShape(schema: z.ZodType): Readonly<Record<string, unknown>> | null {
  const def = schema._zod.def as { type: string; shape?: Record<string, unknown>; catchall?: z.ZodType };
  if (def.type !== 'object' || def.catchall?._zod.def.type !== 'never' || !def.shape) return null;
  return def.shape;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `prefix` names where the value came from in the fields' paths (`query` → `query.limit`). */
export function boundedParse<T extends z.ZodType>(
  schema: T,
  value: unknown,
  prefix?: string,
): BoundedResult<z.output<T>> {
  const checked = { input: value, ...(prefix ? { prefix } : {}) };
  const shape = strictShape(schema);
  if (shape && isPlainObject(value)) {
    const unknown: string[] = [];
    let moreKeys = 0;
    let known: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(shape, key)) continue;
      if (unknown.length < MAX_FIELD_ISSUES) unknown.push(key);
      else moreKeys += 1;
    }
    if (unknown.length > 0) {
      known = {};
      for (const key of Object.keys(shape)) if (Object.hasOwn(value, key)) known[key] = value[key];
      const rest = schema.safeParse(known);
      const unrecognized: IssueLike = {
        code: 'unrecognized_keys',
        path: [],
        message: '',
        keys: unknown,
        moreKeys,
      };
      const issues = [...(rest.success ? [] : rest.error.issues), unrecognized];
      return { success: false, issues: fieldIssues(issues, checked) };
    }
  }
  const result = schema.safeParse(value);
  if (result.success) return { success: true, data: result.data };
  return { success: false, issues: fieldIssues(result.error, checked) };
}
