/**
 * The one mapping from zod issues to field messages (contract/field-issues.ts):
 * each issue kind as the owner's words, with the field's label, and the answer
 * bounded at 20 fields whatever was sent.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { boundedParse } from '../../contract/bounded-parse.js';
import { fieldIssues, invalidInputMessage, MAX_FIELD_ISSUES } from '../../contract/field-issues.js';
import { declaredLabel, FIELD_LABELS, labelOf } from '../../contract/field-labels.js';
import { RESOURCE_LIST, type ResourceEntry } from '../../contract/resources.js';
import { fieldLimits } from '../../contract/field-limits.js';
import { operations, type OperationName } from '../../contract/operations.js';

/** The field messages an operation's input gets, as `{ path: message }`. */
function messages(name: OperationName, input: unknown): Record<string, string> {
  const result = boundedParse(operations[name].input, input);
  if (result.success) throw new Error(`${name} accepted ${JSON.stringify(input)}`);
  return Object.fromEntries(result.issues.fields.map((f) => [f.path, f.message]));
}

describe('each zod issue kind in the owner’s words, naming the field by its label', () => {
  it('too_big: a text names its limit and what was entered; a list and a number their limit', () => {
    expect(messages('clients.create', { name: 'x'.repeat(460) })).toEqual({
      name: 'Name: at most 200 characters (you entered 460)',
    });
    expect(
      messages('keys.create', {
        name: 'k',
        permissions: ['tasks:read'],
        ipWhitelist: Array(101).fill('10.0.0.1'),
      }),
    ).toEqual({ ipWhitelist: 'IP Whitelist: at most 100 entries (you gave 101)' });
    expect(messages('settings.update', { logRetentionDays: 5000 })).toEqual({
      logRetentionDays: 'Keep the log for (days): at most 3,650',
    });
  });

  it('too_small: an empty required text is "is required", an empty list asks for one, a number its minimum', () => {
    expect(messages('tasks.create', { title: '   ' })).toEqual({ title: 'Title is required' });
    expect(messages('webhooks.create', { name: 'n', url: 'https://e.com/h', events: [] })).toEqual({
      events: 'Choose at least one event, or tick All events',
    });
    expect(messages('settings.update', { deliveryTimeoutMs: 5 })).toEqual({
      deliveryTimeoutMs: 'Delivery timeout (ms): at least 1,000',
    });
    expect(messages('keys.create', { name: 'k', permissions: ['tasks:read'], ipWhitelist: ['1'] })).toEqual({
      'ipWhitelist.0': 'IP Whitelist, line 1: at least 2 characters',
    });
  });

  it('invalid_type: nothing given is "is required"; another type says what to give', () => {
    expect(messages('tasks.create', {})).toEqual({ title: 'Title is required' });
    expect(messages('tasks.create', { title: 7 })).toEqual({ title: 'Title: enter text' });
    expect(messages('timeEntries.create', { minutes: 'ten' })).toEqual({
      minutes: 'Minutes: enter a number',
    });
    expect(messages('timeEntries.create', { minutes: 1.5 })).toEqual({
      minutes: 'Minutes: enter a whole number',
    });
    expect(messages('dispatch.setPaused', { paused: 'yes' })).toEqual({
      paused: 'Paused: must be true or false',
    });
  });

  it('invalid_format and invalid_value: the form expected, the choices allowed', () => {
    expect(messages('tasks.create', { title: 't', dueDate: '30.06.2026' })).toEqual({
      dueDate: 'Due date: enter a date as YYYY-MM-DD, such as 2026-06-30',
    });
    expect(messages('tasks.create', { title: 't', status: 'later' })).toEqual({
      status: 'Status: choose one of open, in_progress, done',
    });
  });

  it('unrecognized_keys: each unknown field named on its own', () => {
    expect(messages('tasks.create', { title: 't', colour: 'red' })).toEqual({
      colour: 'Unknown field "colour": leave it out or check its spelling',
    });
    expect(messages('settings.update', { server: { host: 'h', flavour: 1 } })).toEqual({
      'server.flavour': 'Unknown field "flavour": leave it out or check its spelling',
    });
  });

  it('custom: a schema’s fragment follows the label, its sentence stands as written', () => {
    expect(messages('timeEntries.create', { description: 'x' })).toEqual({
      minutes: 'Minutes: give minutes, or startedAt and endedAt',
    });
    expect(messages('clients.create', { name: 'A', email: 'nope' })).toEqual({
      email: 'E-mail: must be an e-mail address',
    });
    expect(
      messages('invoices.create', {
        clientId: 'cli_x',
        items: [{ description: '', quantity: 0, unitPrice: 1 }],
      }),
    ).toEqual({
      clientId: 'Client: must be a cli_… id',
      'items.0.description': 'Description of item 1 is required',
      'items.0.quantity': 'Quantity of item 1: must be more than 0',
    });
  });

  it('no message shows zod’s own words, "*" in quotes, or a bare path', () => {
    const all = Object.values({
      ...messages('webhooks.create', { name: '', url: '', events: ['nope'], extra: 1 }),
      ...messages('tasks.create', { title: 'x'.repeat(600), status: 1, dueDate: 5 }),
      ...messages('settings.update', { rateLimits: { incomingPerMinute: -1 }, backups: { keep: 0 } }),
    });
    expect(all.length).toBeGreaterThan(5);
    for (const message of all) {
      expect(message).not.toMatch(/Too (big|small)|Invalid input|expected \w+, received|"\*"/);
      expect(message).toMatch(/^[A-Z]/);
    }
  });

  it('schemas never begin their own message as zod’s defaults do (the mapping tells them apart so)', () => {
    for (const [name, op] of Object.entries(operations)) {
      const json = JSON.stringify(op.input._zod.def, (_k, v: unknown) =>
        typeof v === 'function' ? undefined : v,
      );
      expect(json, name).not.toMatch(/"(error|message)":"(Invalid|Too big|Too small|Unrecognized key)/);
    }
  });
});

describe('labels', () => {
  it('name list entries, nested fields and parameters', () => {
    expect(labelOf('name')).toBe('Name');
    expect(labelOf('ipWhitelist.2')).toBe('IP Whitelist, line 3');
    expect(labelOf('trustedProxies.0')).toBe('Trusted proxies, line 1');
    expect(labelOf('items.0.quantity')).toBe('Quantity of item 1');
    expect(labelOf('rateLimits.incomingPerMinute')).toBe('Incoming webhooks per minute');
    expect(labelOf('query.limit')).toBe('Query parameter limit');
    expect(labelOf('')).toBe('The request body');
  });

  it('every input field of every operation has its label, in the shared table or its resource entry', () => {
    const paths = new Set<string>();
    const walk = (schema: z.ZodType, prefix: string): void => {
      const def = schema._zod.def as {
        type: string;
        innerType?: z.ZodType;
        in?: z.ZodType;
        shape?: Record<string, z.ZodType>;
        element?: z.ZodType;
      };
      const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
      if (inner) return walk(inner, prefix);
      if (def.type === 'array' && def.element) return walk(def.element, prefix);
      if (def.type !== 'object' || !def.shape) return;
      for (const [key, field] of Object.entries(def.shape)) {
        const path = prefix ? `${prefix}.${key}` : key;
        paths.add(path);
        walk(field, path);
      }
    };
    for (const op of Object.values(operations)) walk(op.input, '');
    const objects = new Set(['rateLimits', 'server', 'backups', 'autoDisable', 'filters']);
    const missing = [...paths].filter((path) => !objects.has(path) && declaredLabel(path) === undefined);
    expect(missing).toEqual([]);
  });

  it("an entry's own labels name fields of its schemas, once: never a key of the shared table or of another entry", () => {
    const seen = new Map<string, string>();
    for (const entry of RESOURCE_LIST as readonly ResourceEntry[]) {
      const fields = new Set([
        ...Object.keys((entry.schemas.item as z.ZodObject).shape),
        ...Object.keys(entry.schemas.patch.shape),
      ]);
      for (const key of Object.keys(entry.labels ?? {})) {
        expect(fields.has(key.split('.')[0]), `${entry.key}.labels.${key}: not a field of ${entry.key}`).toBe(
          true,
        );
        expect(Object.hasOwn(FIELD_LABELS, key), `${entry.key}.labels.${key}: already in FIELD_LABELS`).toBe(
          false,
        );
        expect(
          seen.get(key),
          `${entry.key}.labels.${key}: also labelled by ${seen.get(key)}`,
        ).toBeUndefined();
        seen.set(key, entry.key);
      }
    }
  });

  it("reads an entry's label where the shared table has none", () => {
    const labelled = (RESOURCE_LIST as readonly ResourceEntry[]).flatMap((e) =>
      Object.entries(e.labels ?? {}),
    );
    for (const [key, label] of labelled) {
      expect(declaredLabel(key)).toBe(label);
      expect(labelOf(key)).toBe(label);
    }
    expect(declaredLabel('noSuchField')).toBeUndefined();
    expect(labelOf('noSuchField')).toBe('No such field');
  });
});

describe('an answer stays small', () => {
  it('at most 20 fields, the rest counted, and the message says how many more', () => {
    const input: Record<string, unknown> = { title: 't' };
    for (let i = 0; i < 60_000; i++) input[`k${i}`] = i;
    const result = boundedParse(operations['tasks.create'].input, input);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.fields).toHaveLength(MAX_FIELD_ISSUES);
    expect(result.issues.more).toBe(59_980);
    expect(result.issues.fields[0]).toEqual({
      path: 'k0',
      message: 'Unknown field "k0": leave it out or check its spelling',
    });
    const message = invalidInputMessage(result.issues.fields, result.issues.more);
    expect(message.endsWith('; …and 59,980 more')).toBe(true);
    expect(message.length).toBeLessThan(2_000);
  });

  it('other fields are still checked beside the unknown ones, and a long key is cut', () => {
    const long = 'k'.repeat(5000);
    const result = boundedParse(operations['tasks.create'].input, { [long]: 1, status: 'later' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues.fields.map((f) => f.message)).toEqual([
      'Title is required',
      'Status: choose one of open, in_progress, done',
      `Unknown field "${'k'.repeat(100)}…": leave it out or check its spelling`,
    ]);
  });

  it('many issues from zod itself are counted past the first 20 too', () => {
    const issues = Array.from({ length: 50 }, (_, i) => ({
      code: 'custom',
      path: [`f${i}`],
      message: 'is odd',
    }));
    const { fields, more } = fieldIssues(issues);
    expect(fields).toHaveLength(20);
    expect(more).toBe(30);
    expect(fields[0].message).toBe('F0: is odd');
  });
});

describe('limits for the window, read from the schemas', () => {
  it('a text’s maxLength, a number’s min and max, nested and inside list items', () => {
    expect(fieldLimits(operations['clients.create'].input, 'name')).toEqual({ maxLength: 200, minLength: 1 });
    expect(fieldLimits(operations['clients.update'].input, 'notes')).toEqual({ maxLength: 10_000 });
    expect(fieldLimits(operations['webhooks.create'].input, 'url')).toEqual({
      maxLength: 2000,
      minLength: 1,
    });
    expect(fieldLimits(operations['timeEntries.create'].input, 'minutes')).toEqual({ min: 1, max: 44_640 });
    expect(fieldLimits(operations['settings.update'].input, 'backups.keep')).toEqual({ min: 1, max: 1000 });
    expect(fieldLimits(operations['invoices.create'].input, 'items.description')).toEqual({
      maxLength: 2000,
      minLength: 1,
    });
    expect(fieldLimits(operations['clients.create'].input, 'nothing')).toEqual({});
  });
});
