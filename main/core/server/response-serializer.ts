/**
 * The answers' serializer: each route's response schema checks what it sends
 * (a reply that breaks its schema is a 500, never sent), then JSON.
 *
 * fastify-type-provider-zod encodes every answer (`z.safeEncode`): zod's
 * backward direction, which runs each node twice (a canary pass, then the
 * checks) and skips the compiled fast path of objects: about 5–7 µs for a
 * task against 0.4–2.5 µs for `safeParse` (measured on this machine), some
 * 5 % of an incoming create. Encoding and parsing give the same output for a
 * schema with no codec, transform, default, prefault or catch in it (nothing
 * to run backwards): for those, found by walking the schema once here, the
 * answer is parsed instead. Any other schema, or one this walk does not know,
 * keeps the library's serializer.
 */
import type { FastifySerializerCompiler } from 'fastify';
import {
  ResponseSerializationError,
  serializerCompiler as encodingSerializer,
} from 'fastify-type-provider-zod';
import { $ZodType, safeParse } from 'zod/v4/core';

/** Node types whose forward and backward runs are the same (zod v4's `def.type`). */
const LEAVES = new Set([
  'string',
  'number',
  'int',
  'boolean',
  'bigint',
  'null',
  'undefined',
  'literal',
  'enum',
  'any',
  'unknown',
  'never',
  'nan',
  'date',
  'template_literal',
]);

interface Def {
  type: string;
  shape?: Record<string, $ZodType>;
  catchall?: $ZodType;
  element?: $ZodType;
  options?: $ZodType[];
  innerType?: $ZodType;
  keyType?: $ZodType;
  valueType?: $ZodType;
  items?: $ZodType[];
  rest?: $ZodType | null;
  left?: $ZodType;
  right?: $ZodType;
}

/** The schemas directly inside this one, or undefined when its type runs otherwise backwards (or is unknown here). */
function childrenOf(def: Def): ($ZodType | undefined | null)[] | undefined {
  if (LEAVES.has(def.type)) return [];
  switch (def.type) {
    case 'object':
      return [...Object.values(def.shape ?? {}), def.catchall];
    case 'array':
      return [def.element];
    case 'union':
      return def.options ?? [];
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'nonoptional':
      return [def.innerType];
    case 'record':
      return [def.keyType, def.valueType];
    case 'tuple':
      return [...(def.items ?? []), def.rest];
    case 'intersection':
      return [def.left, def.right];
    default:
      return undefined;
  }
}

/** True when parsing the schema gives what encoding it gives: no node of it runs otherwise backwards. */
export function parsesAsItEncodes(schema: $ZodType, seen = new Set<$ZodType>()): boolean {
  if (seen.has(schema)) return true;
  seen.add(schema);
  const children = childrenOf(schema._zod.def as Def);
  if (children === undefined) return false;
  return children.every((child) => child == null || parsesAsItEncodes(child, seen));
}

export const responseSerializer: FastifySerializerCompiler<unknown> = (route) => {
  const { schema, method, url } = route;
  if (!(schema instanceof $ZodType) || !parsesAsItEncodes(schema)) return encodingSerializer(route as never);
  return (data) => {
    const result = safeParse(schema, data);
    if (result.error) throw new ResponseSerializationError(method, url, { cause: result.error });
    return JSON.stringify(result.data);
  };
};
