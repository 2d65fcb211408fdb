/**
 * The answers' serializer (server/response-serializer.ts): a schema with
 * nothing to run backwards is parsed instead of encoded, and must answer
 * exactly what the library's encoding serializer answers; any other schema
 * keeps the library's; a reply that breaks its schema still throws.
 */
import {
  ResponseSerializationError,
  serializerCompiler as encodingSerializer,
} from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RESOURCE_LIST, RESOURCES } from '../../../contract/index.js';
import { parsesAsItEncodes, responseSerializer } from '../../../main/core/server/response-serializer.js';

const route = (schema: z.ZodType) => ({ schema, method: 'POST', url: '/x', httpStatus: '201' });
const both = (schema: z.ZodType) => ({
  ours: responseSerializer(route(schema) as never),
  library: encodingSerializer(route(schema) as never),
});

const task = {
  id: 'tsk_01jexampleexampleexample00',
  title: 'Reply to the new e-mail',
  description: 'Subject: Quote request',
  status: 'open',
  dueDate: null,
  projectId: null,
  completedAt: null,
  createdAt: '2026-12-07T05:00:00.000Z',
  updatedAt: '2026-12-07T05:00:00.000Z',
};

describe('responseSerializer', () => {
  it('parses every business object schema of the resource table (nothing in them runs backwards)', () => {
    const encoded = RESOURCE_LIST.filter((resource) => !parsesAsItEncodes(resource.schemas.item));
    expect(encoded.map((resource) => resource.key)).toEqual([]);
  });

  it('answers a task exactly as the encoding serializer does, an unknown key left out', () => {
    const { ours, library } = both(RESOURCES.task.schemas.item);
    const withExtra = { ...task, internal: 'not for the caller' };
    expect(ours(withExtra)).toBe(library(withExtra));
    expect(JSON.parse(ours(withExtra))).toEqual(task);
  });

  it('keeps the encoding serializer where a node runs otherwise backwards', () => {
    const codec = z.codec(z.string(), z.number(), { decode: Number, encode: String });
    const cases: [z.ZodType, unknown][] = [
      [z.object({ n: codec }), { n: 5 }],
      [z.object({ s: z.string().default('d') }), { s: 'x' }],
      [z.object({ s: z.string().catch('c') }), { s: 'x' }],
      [z.lazy(() => z.string()), 'x'],
    ];
    for (const [schema, value] of cases) {
      expect(parsesAsItEncodes(schema)).toBe(false);
      const { ours, library } = both(schema);
      expect(ours(value)).toBe(library(value));
    }
    expect(both(z.object({ n: codec })).ours({ n: 5 })).toBe('{"n":"5"}');
  });

  it('throws the library error for an answer that breaks its schema, on either path', () => {
    const plain = responseSerializer(route(RESOURCES.task.schemas.item) as never);
    expect(() => plain({ ...task, status: 'lost' })).toThrow(ResponseSerializationError);
    const encoded = responseSerializer(route(z.object({ s: z.string().default('d') })) as never);
    expect(() => encoded({ s: 1 })).toThrow(ResponseSerializationError);
  });

  it('follows a schema that refers to itself without looping', () => {
    const node: z.ZodType = z.object({
      name: z.string(),
      get children() {
        return z.array(node);
      },
    });
    expect(parsesAsItEncodes(node)).toBe(true);
    const { ours, library } = both(node);
    const tree = { name: 'a', children: [{ name: 'b', children: [] }] };
    expect(ours(tree)).toBe(library(tree));
  });
});
