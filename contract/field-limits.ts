/**
 * The limits a field's zod schema enforces, for the window's inputs
 * (`maxLength`, a number's `min` and `max`): read from the schema the server
 * checks with, so a form never holds a hand-copied number.
 */
import type { z } from 'zod';

export interface FieldLimits {
  maxLength?: number;
  minLength?: number;
  min?: number;
  max?: number;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
}

const defOf = (schema: z.ZodType): Def => schema._zod.def as unknown as Def;

/** The schema itself, without optional, nullable, default, readonly or a transform after it. */
function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const def = defOf(current);
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
    if (!inner) return current;
    current = inner;
  }
}

/** The schema of a field by its dotted path (`backups.keep`, `items.quantity`), or undefined. */
export function fieldSchema(schema: z.ZodType, path: string): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(schema);
  for (const key of path.split('.')) {
    const def: Def = defOf(current);
    const next: z.ZodType | undefined =
      def.type === 'array' ? defOf(unwrap(def.element!)).shape?.[key] : def.shape?.[key];
    if (!next) return undefined;
    current = unwrap(next);
  }
  return current;
}

const finite = (n: unknown): number | undefined =>
  typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined;

/** The limits of a field: a text's length, a number's range. */
export function fieldLimits(schema: z.ZodType, path: string): FieldLimits {
  const field = fieldSchema(schema, path);
  if (!field) return {};
  const limits: FieldLimits = {};
  const type = defOf(field).type;
  if (type === 'string') {
    const text = field as z.ZodString;
    const [min, max] = [finite(text.minLength), finite(text.maxLength)];
    if (max !== undefined) limits.maxLength = max;
    if (min !== undefined) limits.minLength = min;
  } else if (type === 'number') {
    const number = field as z.ZodNumber;
    const [min, max] = [finite(number.minValue), finite(number.maxValue)];
    if (max !== undefined) limits.max = max;
    if (min !== undefined) limits.min = min;
  }
  return limits;
}
