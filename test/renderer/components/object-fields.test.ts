/**
 * The business forms' conversion between form values and contract inputs:
 * what an empty field becomes, money in minor units, only changed fields on
 * update — checked against the contract's own schemas.
 */
import { describe, expect, it } from 'vitest';
import {
  invoiceCreate,
  task,
  taskCreate,
  timeEntryCreate,
  type Invoice,
  type Task,
} from '../../../contract/objects.js';
import {
  formFields,
  FormFieldError,
  initialValues,
  toInput,
} from '../../../renderer/src/components/object-fields.js';
import { RESOURCES } from '../../../contract/resources.js';
import { documentFields } from '../../../renderer/src/screens/business/document-fields.js';

// Each field's kind and what its empty value becomes come from the contract's schema, not from here.
const taskFields = formFields('task', [
  { name: 'title' },
  { name: 'description' },
  { name: 'status', defaultValue: 'open' },
  { name: 'dueDate' },
]);
const AT = '2026-03-01T09:00:00.000Z';
const invoiceFields = (...dates: Parameters<typeof documentFields<'invoice'>>) =>
  formFields('invoice', documentFields<'invoice'>(...dates));

describe('form values to contract input', () => {
  it('a required text stays empty (so the contract says "is required"), optional ones become null', () => {
    const input = toInput(taskFields, initialValues(taskFields));
    expect(input).toEqual({ title: '', description: null, status: 'open', dueDate: null });
    const parsed = taskCreate.safeParse(input);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['title', 'is required'],
    ]);
  });

  it('line items: prices in minor units, an empty tax rate left out, and the result the contract accepts', () => {
    const fields = invoiceFields({ name: 'dueDate' });
    const values = initialValues(fields);
    values.clientId = 'cli_01m8ebs3pcaengkpbtmv78wpsv';
    values.items = [{ description: 'Design', quantity: '2', unitPrice: '450,50', taxRate: '' }];
    const input = toInput(fields, values);
    expect(input.items).toEqual([{ description: 'Design', quantity: 2, unitPrice: 45050 }]);
    expect(input).not.toHaveProperty('currency');
    expect(invoiceCreate.safeParse(input).success).toBe(true);
  });

  it('line items: the unit price is read in the document’s currency, or the default one when it is empty', () => {
    const fields = invoiceFields();
    const values = initialValues(fields);
    values.clientId = 'cli_01m8ebs3pcaengkpbtmv78wpsv';
    values.items = [{ description: 'Design', quantity: '1', unitPrice: '1.234,56', taxRate: '' }];
    expect(toInput(fields, values).items).toMatchObject([{ unitPrice: 123456 }]);
    values.items = [{ description: 'Design', quantity: '1', unitPrice: '120', taxRate: '' }];
    expect(toInput(fields, { ...values, currency: 'JPY' }).items).toMatchObject([{ unitPrice: 120 }]);
    expect(toInput(fields, values, undefined, { defaultCurrency: 'JPY' }).items).toMatchObject([
      { unitPrice: 120 },
    ]);
    expect(
      toInput(fields, { ...values, currency: 'EUR' }, undefined, { defaultCurrency: 'JPY' }).items,
    ).toMatchObject([{ unitPrice: 12000 }]);
  });

  it('an amount the form cannot read is refused at its field, saying what to type', () => {
    const fields = invoiceFields();
    const values = initialValues(fields);
    values.items = [
      { description: 'Design', quantity: '1', unitPrice: '10', taxRate: '' },
      { description: 'Hosting', quantity: '1', unitPrice: '1.500', taxRate: '' },
    ];
    expect(() => toInput(fields, values)).toThrow(
      new FormFieldError('items.1.unitPrice', '"1.500" is ambiguous: for 1500 write 1500 or 1.500,00'),
    );
    let thrown: unknown;
    try {
      toInput(fields, { ...values, currency: 'JPY', items: [{ ...values.items[0], unitPrice: '9.99' }] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      path: 'items.0.unitPrice',
      message: 'JPY has no decimals: enter a whole amount like 120, not "9.99"',
    });
  });

  it('an invoice opened for editing shows its unit prices as amounts of its currency', () => {
    const fields = invoiceFields();
    const item = (currency: string, unitPrice: number): Invoice => ({
      id: 'inv_1',
      number: null,
      clientId: 'cli_1',
      projectId: null,
      quoteId: null,
      currency,
      status: 'draft',
      issueDate: null,
      dueDate: null,
      items: [{ description: 'Design', quantity: 1, unitPrice, taxRate: 0, amount: unitPrice }],
      subtotal: unitPrice,
      taxTotal: 0,
      total: unitPrice,
      notes: null,
      sentAt: null,
      paidAt: null,
      voidedAt: null,
      createdAt: AT,
      updatedAt: AT,
    });
    expect(initialValues(fields, item('EUR', 12050)).items).toMatchObject([{ unitPrice: '120.50' }]);
    expect(initialValues(fields, item('JPY', 120)).items).toMatchObject([{ unitPrice: '120' }]);
    const initial = initialValues(fields, item('KWD', 1500));
    expect(initial.items).toMatchObject([{ unitPrice: '1.500' }]);
    expect(toInput(fields, initial, initial)).toEqual({});
  });

  it('an item with no quantity is refused by the contract at that item', () => {
    const fields = invoiceFields();
    const values = initialValues(fields);
    values.clientId = 'cli_01m8ebs3pcaengkpbtmv78wpsv';
    values.items = [{ description: 'Design', quantity: '', unitPrice: '1', taxRate: '19' }];
    const parsed = invoiceCreate.safeParse(toInput(fields, values));
    expect(parsed.error?.issues[0].path.join('.')).toBe('items.0.quantity');
  });

  it('on update, only the fields that changed are sent', () => {
    // The entry's own sample, so a field added to tasks needs nothing here.
    const item: Task = task.parse({
      ...RESOURCES.task.sample({
        now: Date.parse(AT),
        ids: { task: 'tsk_01m8ebs3pcaengkpbtmv78wpsv' },
        event: 'created',
      }),
      title: 'Write',
      description: 'Old',
      status: 'open',
      dueDate: null,
      projectId: null,
      completedAt: null,
    });
    const initial = initialValues(taskFields, item);
    const values = { ...initial, description: '' };
    expect(toInput(taskFields, values, initial)).toEqual({ description: null });
  });

  it('a time entry with minutes only, or with its start and end in local time', () => {
    const fields = formFields('timeEntry', [
      { name: 'minutes' },
      { name: 'startedAt' },
      { name: 'endedAt' },
      { name: 'billable', defaultValue: true },
    ]);
    const values = initialValues(fields);
    expect(toInput(fields, { ...values, minutes: '90' })).toEqual({ minutes: 90, billable: true });
    const spanned = toInput(fields, {
      ...values,
      startedAt: '2026-03-01T09:00',
      endedAt: '2026-03-01T10:30',
    });
    expect(Date.parse(spanned.endedAt as string) - Date.parse(spanned.startedAt as string)).toBe(90 * 60_000);
    expect(timeEntryCreate.safeParse(spanned).success).toBe(true);
  });
});
