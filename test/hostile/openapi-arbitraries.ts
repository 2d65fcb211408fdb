/**
 * fast-check arbitraries from the JSON Schemas of the served OpenAPI document,
 * for the subset it uses: type (one or a list), enum, const, format, pattern,
 * minimum/maximum, minLength/maxLength, minItems/maxItems, required,
 * properties, additionalProperties, items, anyOf/oneOf (also beside other
 * keywords, as the time entry's `anyOf: [{required}]`), allOf, $ref into
 * `#/components/schemas`. `valid` aims at values the schema accepts, `invalid`
 * at values it refuses; the test classifies each with ajv all the same, so a
 * generator that misses only costs coverage, never a false verdict.
 */
import fc from 'fast-check';

export type Schema = Record<string, unknown>;

/** Values to mix in for a schema the caller knows better (ids of objects that exist); undefined: none. */
export type Known = (schema: Schema) => fc.Arbitrary<unknown> | undefined;

const none: Known = () => undefined;

interface Components {
  components?: { schemas?: Record<string, unknown> };
}

const MAX_DEPTH = 6;

export function resolver(doc: Components): (schema: Schema) => Schema {
  const resolve = (schema: Schema, seen = 0): Schema => {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    const name = /^#\/components\/schemas\/(.+)$/.exec(ref)?.[1];
    const target = name === undefined ? undefined : doc.components?.schemas?.[decodeURIComponent(name)];
    if (!target || seen > 20) throw new Error(`unresolvable $ref ${ref}`);
    const { $ref: _ref, ...rest } = schema;
    return { ...resolve(target as Schema, seen + 1), ...rest };
  };
  return (schema) => resolve(schema);
}

const typesOf = (schema: Schema): string[] => {
  const type = schema.type;
  if (Array.isArray(type)) return type as string[];
  if (typeof type === 'string') return [type];
  if (schema.properties || schema.required) return ['object'];
  if (schema.items) return ['array'];
  if (schema.enum || schema.const !== undefined) return [];
  return ['string', 'integer', 'boolean', 'null', 'object'];
};

/** Merges the object keywords of `extra` into `base` (for anyOf/oneOf/allOf beside other keywords). */
function merge(base: Schema, extra: Schema): Schema {
  const merged: Schema = { ...base, ...extra };
  if (base.required || extra.required) {
    merged.required = [
      ...new Set([...((base.required as string[]) ?? []), ...((extra.required as string[]) ?? [])]),
    ];
  }
  if (base.properties || extra.properties) {
    merged.properties = { ...(base.properties as object), ...(extra.properties as object) };
  }
  return merged;
}

function stringArbitrary(schema: Schema): fc.Arbitrary<string> {
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = Math.min((schema.maxLength as number | undefined) ?? 40, minLength + 40);
  const fits = (s: string) => s.length >= minLength && s.length <= ((schema.maxLength as number) ?? Infinity);
  switch (schema.format) {
    case 'date-time':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString());
    case 'date':
      return fc
        .date({
          min: new Date('2000-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString().slice(0, 10));
    case 'email':
      return fc.emailAddress().filter(fits);
    case 'uri':
    case 'url':
      return fc.webUrl().filter(fits);
    case 'uuid':
      return fc.uuid();
  }
  if (typeof schema.pattern === 'string') {
    return fc.stringMatching(new RegExp(schema.pattern as string)).filter(fits);
  }
  return fc.string({ minLength, maxLength });
}

function numberArbitrary(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = (schema.minimum as number | undefined) ?? (schema.exclusiveMinimum as number | undefined);
  const max = (schema.maximum as number | undefined) ?? (schema.exclusiveMaximum as number | undefined);
  if (integer) {
    return fc.integer({ min: min ?? -1_000_000, max: max ?? 1_000_000 });
  }
  return fc.double({ min: min ?? -1e6, max: max ?? 1e6, noNaN: true, noDefaultInfinity: true });
}

/** Values the schema should accept. */
export function valid(
  schema: Schema,
  resolve: (s: Schema) => Schema,
  known: Known = none,
  depth = 0,
): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const mixed = known(s);
  if (mixed) return fc.oneof(mixed, validOwn(s, resolve, known, depth));
  return validOwn(s, resolve, known, depth);
}

function validOwn(
  s: Schema,
  resolve: (s: Schema) => Schema,
  known: Known,
  depth: number,
): fc.Arbitrary<unknown> {
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (branches) {
    const { anyOf: _a, oneOf: _o, ...rest } = s;
    const own = Object.keys(rest).filter((k) => k !== 'description' && k !== 'example');
    return fc.oneof(
      ...branches.map((branch) =>
        valid(own.length > 0 ? merge(rest, resolve(branch)) : branch, resolve, known, depth + 1),
      ),
    );
  }
  if (Array.isArray(s.allOf)) {
    const { allOf, ...rest } = s;
    return valid((allOf as Schema[]).map(resolve).reduce(merge, rest), resolve, known, depth + 1);
  }
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
  const types = typesOf(s);
  return fc.oneof(
    ...types.map((type): fc.Arbitrary<unknown> => {
      switch (type) {
        case 'string':
          return stringArbitrary(s);
        case 'integer':
          return numberArbitrary(s, true);
        case 'number':
          return numberArbitrary(s, false);
        case 'boolean':
          return fc.boolean();
        case 'null':
          return fc.constant(null);
        case 'array': {
          const items = (s.items as Schema | undefined) ?? {};
          const minLength = (s.minItems as number | undefined) ?? 0;
          const maxLength = Math.min((s.maxItems as number | undefined) ?? 3, minLength + 3);
          if (depth > MAX_DEPTH) return fc.constant([]);
          return fc.array(valid(items, resolve, known, depth + 1), { minLength, maxLength });
        }
        default: {
          const properties = (s.properties as Record<string, Schema> | undefined) ?? {};
          const required = (s.required as string[] | undefined) ?? [];
          if (depth > MAX_DEPTH) return fc.constant({});
          const model = Object.fromEntries(
            Object.entries(properties).map(([key, property]) => [
              key,
              valid(property, resolve, known, depth + 1),
            ]),
          );
          for (const key of required) model[key] ??= fc.string({ maxLength: 10 });
          return fc.record(model, { requiredKeys: required });
        }
      }
    }),
  );
}

/** A value of another JSON type than `schema` allows (a number for a string, a string for an object …). */
const wrongType = (schema: Schema): fc.Arbitrary<unknown> => {
  const types = typesOf(schema);
  const candidates: fc.Arbitrary<unknown>[] = [];
  if (!types.includes('string')) candidates.push(fc.string({ maxLength: 5 }));
  if (!types.includes('integer') && !types.includes('number')) candidates.push(fc.integer());
  if (!types.includes('boolean')) candidates.push(fc.boolean());
  if (!types.includes('null')) candidates.push(fc.constant(null));
  if (!types.includes('object')) candidates.push(fc.constant({ nested: true }));
  if (!types.includes('array')) candidates.push(fc.constant([1, 'two']));
  return candidates.length > 0 ? fc.oneof(...candidates) : fc.constant(undefined);
};

/** A value just outside one of the schema's own bounds, where it has one. */
function outOfBounds(s: Schema): fc.Arbitrary<unknown> | undefined {
  const options: fc.Arbitrary<unknown>[] = [];
  if (typeof s.maxLength === 'number') options.push(fc.constant('x'.repeat(s.maxLength + 1)));
  if (typeof s.minLength === 'number' && s.minLength > 0) options.push(fc.constant(''));
  if (typeof s.maximum === 'number') options.push(fc.constant(s.maximum + 1));
  if (typeof s.minimum === 'number') options.push(fc.constant(s.minimum - 1));
  if (Array.isArray(s.enum)) options.push(fc.constant('not-one-of-them'));
  if (typeof s.pattern === 'string') options.push(fc.constant('does not match'));
  if (typeof s.format === 'string') options.push(fc.constant('not a ' + String(s.format)));
  if (typeof s.minItems === 'number' && s.minItems > 0) options.push(fc.constant([]));
  return options.length > 0 ? fc.oneof(...options) : undefined;
}

/** Values the schema should refuse: a valid one with one thing broken. */
export function invalid(
  schema: Schema,
  resolve: (s: Schema) => Schema,
  known: Known = none,
): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  const breakages: fc.Arbitrary<unknown>[] = [wrongType(s)];
  const bounds = outOfBounds(s);
  if (bounds) breakages.push(bounds);
  const properties = (s.properties as Record<string, Schema> | undefined) ?? {};
  const names = Object.keys(properties);
  if (typesOf(s).includes('object') && (names.length > 0 || s.additionalProperties === false)) {
    const base = valid(s, resolve, known) as fc.Arbitrary<Record<string, unknown>>;
    if (s.additionalProperties === false) {
      breakages.push(base.map((value) => ({ ...value, notAField: 1 })));
    }
    const required = (s.required as string[] | undefined) ?? [];
    if (required.length > 0) {
      breakages.push(
        fc.tuple(base, fc.constantFrom(...required)).map(([value, drop]) => {
          const { [drop]: _dropped, ...rest } = value;
          return rest;
        }),
      );
    }
    if (names.length > 0) {
      breakages.push(
        fc
          .constantFrom(...names)
          .chain((name) =>
            fc.tuple(
              base,
              fc.constant(name),
              fc.oneof(
                wrongType(resolve(properties[name])),
                outOfBounds(resolve(properties[name])) ?? wrongType(resolve(properties[name])),
              ),
            ),
          )
          .map(([value, name, bad]) => ({ ...value, [name]: bad })),
      );
    }
  }
  return fc.oneof(...breakages);
}
