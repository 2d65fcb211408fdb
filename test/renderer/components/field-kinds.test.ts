/**
 * The field-kind registry: each zod shape the contract uses maps to one kind (its input,
 * format and parse), taken from the schema, never from the screen; a shape no kind takes is
 * refused. The kinds of every business screen's fields are pinned here, so a change of the
 * schema that would change what the owner sees shows up by name.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isoDate, isoDateTime, money } from '../../../contract/common.js';
import { RESOURCES, type ResourceKey } from '../../../contract/resources.js';
import { fieldShape, kindOf } from '../../../renderer/src/components/field-kinds.js';
import { applyLanguage, currentLocale } from '../../../renderer/src/i18n/i18n.js';
import { dateText } from '../../../renderer/src/lib/calendar-date.js';
import { FormFieldError, formFields } from '../../../renderer/src/components/object-fields.js';
import { config as clients } from '../../../renderer/src/screens/business/ClientsScreen.js';
import { config as invoices } from '../../../renderer/src/screens/business/InvoicesScreen.js';
import { config as projects } from '../../../renderer/src/screens/business/ProjectsScreen.js';
import { config as quotes } from '../../../renderer/src/screens/business/QuotesScreen.js';
import { config as tasks } from '../../../renderer/src/screens/business/TasksScreen.js';
import { config as time } from '../../../renderer/src/screens/business/TimeScreen.js';

const kindName = (schema: z.core.$ZodType, references?: 'clients') =>
  kindOf(fieldShape(schema, references))?.name;
const parseContext = { currency: 'EUR', path: 'amount', label: 'Amount' };

/**
 * Each screen's fields as `name: kind/empty`: the kind from the schema, and what an empty field sends.
 * Pinned for the fields named here; a field added later gets its kind from the same rules and is not
 * listed (the worked example adds one, scripts/worked-example).
 */
const SCREEN_KINDS = {
  client: [
    'name: text/parse',
    'email: email/null',
    'phone: text/null',
    'company: text/null',
    'address: longText/null',
    'notes: longText/null',
  ],
  project: [
    'name: text/parse',
    'clientId: reference/null',
    'status: choice/omit',
    'description: longText/null',
  ],
  task: [
    'title: text/parse',
    'description: longText/null',
    'status: choice/omit',
    'dueDate: date/null',
    'projectId: reference/null',
  ],
  timeEntry: [
    'description: longText/null',
    'projectId: reference/null',
    'taskId: reference/null',
    'minutes: number/omit',
    'startedAt: datetime/omit',
    'endedAt: datetime/omit',
    'billable: checkbox/omit',
  ],
  quote: [
    'clientId: reference/omit',
    'projectId: reference/null',
    'currency: text/omit',
    'validUntil: date/null',
    'items: items/parse',
    'notes: longText/null',
  ],
  invoice: [
    'clientId: reference/omit',
    'projectId: reference/null',
    'currency: text/omit',
    'issueDate: date/null',
    'dueDate: date/null',
    'items: items/parse',
    'notes: longText/null',
  ],
} satisfies Record<string, string[]>;

describe('field kinds from the contract', () => {
  it("every screen's fields get their kind and their empty value from the create schema", () => {
    const pinned = (key: keyof typeof SCREEN_KINDS) => SCREEN_KINDS[key].map((line) => line.split(':')[0]);
    const kinds = (key: keyof typeof SCREEN_KINDS & ResourceKey, specs: Parameters<typeof formFields>[1]) =>
      formFields(key, specs)
        .filter((f) => pinned(key).includes(f.name))
        .map((f) => `${f.name}: ${f.kind.name}/${f.empty}`);
    expect({
      client: kinds('client', clients.fields),
      project: kinds('project', projects.fields),
      task: kinds('task', tasks.fields),
      timeEntry: kinds('timeEntry', time.fields),
      quote: kinds('quote', quotes.fields),
      invoice: kinds('invoice', invoices.fields),
    }).toEqual(SCREEN_KINDS);
  });

  it('a reference selects from the list of the object the entry names', () => {
    const [clientId] = formFields('invoice', [{ name: 'clientId' }]);
    expect(clientId.shape.references).toBe(RESOURCES.client.list);
    const [projectId] = formFields('timeEntry', [{ name: 'projectId' }]);
    expect(projectId.shape.references).toBe('projects');
  });

  it('the shapes a new field may take each have their kind', () => {
    expect(kindName(z.array(z.string().max(40)).max(20))).toBe('list');
    expect(kindName(money.min(0).max(1_000_000))).toBe('money');
    expect(kindName(z.number().int().min(0))).toBe('number');
    expect(kindName(isoDate.nullable().optional())).toBe('date');
    expect(kindName(isoDateTime.optional())).toBe('datetime');
    expect(kindName(z.enum(['a', 'b']))).toBe('choice');
    expect(kindName(z.boolean().optional())).toBe('checkbox');
    expect(kindName(z.string().max(10))).toBe('text');
    expect(kindName(z.string().max(501))).toBe('longText');
    expect(kindName(z.string(), 'clients')).toBe('reference');
  });

  it('a shape no kind takes is refused, never shown as text', () => {
    expect(kindName(z.record(z.string(), z.string()))).toBeUndefined();
    expect(kindName(z.object({ a: z.string() }))).toBeUndefined();
    expect(kindName(z.array(z.number()))).toBeUndefined();
    expect(kindName(z.url())).toBeUndefined();
    expect(kindName(z.string().default('x'))).toBeUndefined();
  });

  it('a list of strings: typed comma-separated, each entry trimmed, empty ones dropped', () => {
    const list = kindOf(fieldShape(z.array(z.string())))!;
    expect(list.parse(' design, web ,, urgent ', parseContext)).toEqual(['design', 'web', 'urgent']);
    expect(list.format(['design', 'web'], parseContext)).toBe('design, web');
    expect(list.format(null, parseContext)).toBe('');
  });

  it('money: typed as an amount of the currency, sent in minor units (contract/money.ts)', () => {
    const amount = kindOf(fieldShape(money))!;
    expect(amount.parse('1.234,56', parseContext)).toBe(123456);
    expect(amount.parse('120', { ...parseContext, currency: 'JPY' })).toBe(120);
    expect(amount.format(12050, parseContext)).toBe('120.50');
    expect(() => amount.parse('1.500', parseContext)).toThrow(
      new FormFieldError('amount', '"1.500" is ambiguous: for 1500 write 1500 or 1.500,00'),
    );
  });

  it('a date: typed in the window’s language or as ISO, sent as YYYY-MM-DD; no such day is refused with the pattern', () => {
    const date = kindOf(fieldShape(isoDate.nullable().optional()))!;
    const context = { ...parseContext, path: 'dueDate', label: 'Due date' };
    try {
      applyLanguage('de');
      expect(date.parse('15.01.2027', context)).toBe('2027-01-15');
      expect(date.parse('2027-01-15', context)).toBe('2027-01-15');
      expect(() => date.parse('31.02.2026', { ...context, label: 'Fällig am' })).toThrow(
        new FormFieldError('dueDate', 'Fällig am: Datum als 31.12.2026 eingeben'),
      );
      expect(() => date.parse('31.12.26', { ...context, label: 'Fällig am' })).toThrow(
        new FormFieldError('dueDate', 'Fällig am: Datum als 31.12.2026 eingeben'),
      );
      applyLanguage('en');
      const example = dateText('2026-12-31', currentLocale());
      expect(() => date.parse('31.02.2026', context)).toThrow(
        new FormFieldError('dueDate', `Due date: enter a date as ${example}`),
      );
      expect(() => date.parse('2026-02-31', context)).toThrow(
        new FormFieldError('dueDate', `Due date: enter a date as ${example}`),
      );
      // The form holds ISO: the object's value is shown as it is stored.
      expect(date.format('2026-12-31', parseContext)).toBe('2026-12-31');
      expect(date.format(null, parseContext)).toBe('');
    } finally {
      applyLanguage('en');
    }
  });

  it('a day and a time: typed in the window’s language, sent as ISO UTC; what is no time is refused with the pattern', () => {
    const moment = kindOf(fieldShape(isoDateTime.optional()))!;
    const context = { ...parseContext, path: 'startedAt', label: 'Started at' };
    try {
      applyLanguage('de');
      expect(moment.parse('01.03.2026, 09:00', context)).toBe(new Date(2026, 2, 1, 9, 0).toISOString());
      expect(moment.parse('2026-03-01T09:00', context)).toBe(new Date(2026, 2, 1, 9, 0).toISOString());
      expect(() => moment.parse('01.03.2026', { ...context, label: 'Beginn' })).toThrow(
        new FormFieldError('startedAt', 'Beginn: Datum und Uhrzeit als 31.12.2026, 14:30 eingeben'),
      );
      expect(() => moment.parse('30.02.2026, 09:00', { ...context, label: 'Beginn' })).toThrow(
        new FormFieldError('startedAt', 'Beginn: Datum und Uhrzeit als 31.12.2026, 14:30 eingeben'),
      );
    } finally {
      applyLanguage('en');
    }
  });
});
