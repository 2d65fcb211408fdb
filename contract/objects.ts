/**
 * The business objects as the REST API, the events and the window see them:
 * camelCase, ids with their type, ISO times, money in minor units. Create and
 * update inputs are strict: an unknown field is named and refused.
 */
import { z } from 'zod';
import { currency, idOf, isoDate, isoDateTime, money, optionalText } from './common.js';

const stamps = { createdAt: isoDateTime, updatedAt: isoDateTime };

/** An update must change something. */
const nonEmpty = <T extends z.ZodObject>(schema: T) =>
  schema.refine((v) => Object.keys(v).length > 0, { message: 'give at least one field to change' });

// ---------------------------------------------------------------- clients
export const clientId = idOf('cli');
const clientFields = {
  name: z.string().trim().min(1, 'is required').max(200),
  email: z.email('must be an e-mail address').max(320).nullable().optional(),
  phone: optionalText(50),
  company: optionalText(200),
  address: optionalText(1000),
  notes: optionalText(10000),
};
export const clientCreate = z.strictObject(clientFields);
export const clientPatch = z.strictObject(clientFields).partial();
export const clientUpdate = nonEmpty(clientPatch);
export const client = z.object({
  id: clientId,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  company: z.string().nullable(),
  address: z.string().nullable(),
  notes: z.string().nullable(),
  ...stamps,
});
export type Client = z.infer<typeof client>;

// ---------------------------------------------------------------- projects
export const projectId = idOf('prj');
export const PROJECT_STATUSES = ['active', 'on_hold', 'completed', 'archived'] as const;
const projectFields = {
  name: z.string().trim().min(1, 'is required').max(200),
  clientId: clientId.nullable().optional(),
  status: z.enum(PROJECT_STATUSES).optional(),
  description: optionalText(10000),
};
export const projectCreate = z.strictObject(projectFields);
export const projectPatch = z.strictObject(projectFields).partial();
export const projectUpdate = nonEmpty(projectPatch);
export const project = z.object({
  id: projectId,
  name: z.string(),
  clientId: clientId.nullable(),
  status: z.enum(PROJECT_STATUSES),
  description: z.string().nullable(),
  ...stamps,
});
export type Project = z.infer<typeof project>;

// ---------------------------------------------------------------- tasks
export const taskId = idOf('tsk');
export const TASK_STATUSES = ['open', 'in_progress', 'done'] as const;
const taskFields = {
  title: z.string().trim().min(1, 'is required').max(500),
  description: optionalText(20000),
  status: z.enum(TASK_STATUSES).optional(),
  dueDate: isoDate.nullable().optional(),
  projectId: projectId.nullable().optional(),
};
export const taskCreate = z.strictObject(taskFields);
export const taskPatch = z.strictObject(taskFields).partial();
export const taskUpdate = nonEmpty(taskPatch);
export const task = z.object({
  id: taskId,
  title: z.string(),
  description: z.string().nullable(),
  status: z.enum(TASK_STATUSES),
  dueDate: isoDate.nullable(),
  projectId: projectId.nullable(),
  completedAt: isoDateTime.nullable(),
  ...stamps,
});
export type Task = z.infer<typeof task>;

// ---------------------------------------------------------------- time entries
export const timeEntryId = idOf('tim');
const timeEntryFields = {
  projectId: projectId.nullable().optional(),
  taskId: taskId.nullable().optional(),
  description: optionalText(5000),
  startedAt: isoDateTime.optional(),
  endedAt: isoDateTime.optional(),
  /** Either minutes, or startedAt and endedAt (minutes are then computed). */
  minutes: z.number().int().min(1).max(60 * 24 * 31).optional(),
  billable: z.boolean().optional(),
};
export const timeEntryCreate = z
  .strictObject(timeEntryFields)
  .refine((v) => v.minutes !== undefined || (v.startedAt !== undefined && v.endedAt !== undefined), {
    message: 'give minutes, or startedAt and endedAt',
    path: ['minutes'],
  })
  .refine((v) => !(v.startedAt && v.endedAt) || Date.parse(v.endedAt) > Date.parse(v.startedAt), {
    message: 'must be after startedAt',
    path: ['endedAt'],
  })
  // Documentation only (the OpenAPI document): the first rule above in JSON Schema, since a
  // refinement has none. Validation and its messages stay the refinements'.
  .meta({
    description:
      'Give `minutes`, or `startedAt` and `endedAt` (the minutes are then their span, rounded to the ' +
      'minute, at least 1 and at most 31 days). `endedAt` must be after `startedAt`. ' +
      "An entry for a task belongs to that task's project.",
    anyOf: [{ required: ['minutes'] }, { required: ['startedAt', 'endedAt'] }],
  });
export const timeEntryPatch = z.strictObject(timeEntryFields).partial();
export const timeEntryUpdate = nonEmpty(timeEntryPatch);
export const timeEntry = z.object({
  id: timeEntryId,
  projectId: projectId.nullable(),
  taskId: taskId.nullable(),
  description: z.string().nullable(),
  startedAt: isoDateTime.nullable(),
  endedAt: isoDateTime.nullable(),
  minutes: z.number().int(),
  billable: z.boolean(),
  ...stamps,
});
export type TimeEntry = z.infer<typeof timeEntry>;

// ---------------------------------------------------------------- line items, quotes, invoices
export const lineItemInput = z.strictObject({
  description: z.string().trim().min(1, 'is required').max(2000),
  quantity: z.number().positive('must be more than 0').max(1_000_000),
  unitPrice: money.min(-100_000_000_000).max(100_000_000_000),
  /** Percent: 19 is 19 %. */
  taxRate: z.number().min(0).max(100).optional(),
});
export const lineItem = z.object({
  description: z.string(),
  quantity: z.number(),
  unitPrice: z.number().int(),
  taxRate: z.number(),
  /** quantity × unitPrice, rounded to minor units, before tax. */
  amount: z.number().int(),
});
export type LineItem = z.infer<typeof lineItem>;
const items = z.array(lineItemInput).min(1, 'give at least one item').max(500);
const totals = { subtotal: z.number().int(), taxTotal: z.number().int(), total: z.number().int() };

export const quoteId = idOf('quo');
export const QUOTE_STATUSES = ['draft', 'sent', 'accepted', 'rejected'] as const;
const quoteFields = {
  clientId,
  projectId: projectId.nullable().optional(),
  currency: currency.optional(),
  validUntil: isoDate.nullable().optional(),
  items,
  notes: optionalText(10000),
};
export const quoteCreate = z.strictObject(quoteFields);
export const quotePatch = z.strictObject(quoteFields).partial();
export const quoteUpdate = nonEmpty(quotePatch);
export const quote = z.object({
  id: quoteId,
  number: z.string(),
  clientId,
  projectId: projectId.nullable(),
  currency: z.string(),
  status: z.enum(QUOTE_STATUSES),
  validUntil: isoDate.nullable(),
  items: z.array(lineItem),
  ...totals,
  notes: z.string().nullable(),
  sentAt: isoDateTime.nullable(),
  decidedAt: isoDateTime.nullable(),
  ...stamps,
});
export type Quote = z.infer<typeof quote>;

export const invoiceId = idOf('inv');
export const INVOICE_STATUSES = ['draft', 'sent', 'paid', 'overdue', 'void'] as const;
const invoiceFields = {
  clientId,
  projectId: projectId.nullable().optional(),
  currency: currency.optional(),
  issueDate: isoDate.nullable().optional(),
  dueDate: isoDate.nullable().optional(),
  items,
  notes: optionalText(10000),
};
export const invoiceCreate = z.strictObject(invoiceFields);
export const invoicePatch = z.strictObject(invoiceFields).partial();
export const invoiceUpdate = nonEmpty(invoicePatch);
export const invoice = z.object({
  id: invoiceId,
  /** INV-2026-0001; assigned without gaps when the invoice is sent, null while a draft. */
  number: z.string().nullable(),
  clientId,
  projectId: projectId.nullable(),
  currency: z.string(),
  status: z.enum(INVOICE_STATUSES),
  issueDate: isoDate.nullable(),
  dueDate: isoDate.nullable(),
  items: z.array(lineItem),
  ...totals,
  notes: z.string().nullable(),
  sentAt: isoDateTime.nullable(),
  paidAt: isoDateTime.nullable(),
  voidedAt: isoDateTime.nullable(),
  ...stamps,
});
export type Invoice = z.infer<typeof invoice>;
