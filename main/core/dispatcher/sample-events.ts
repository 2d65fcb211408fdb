/**
 * Realistic sample payloads for `webhooks.sendTest`: Zapier and n8n learn a
 * trigger's fields from the first payload they see, so each sample has every
 * field the real event's `data` has (the API representation of the object).
 */
import type { EventType } from '../../../contract/index.js';
import { toIso } from '../clock.js';
import { newId } from '../ids.js';

function isoDay(ms: number, plusDays = 0): string {
  return toIso(ms + plusDays * 86_400_000).slice(0, 10);
}

function sampleClient(now: number, ids: Ids) {
  return {
    id: ids.client,
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    phone: '+44 20 7946 0958',
    company: 'Analytical Engines Ltd',
    address: '12 St James’s Square, London SW1Y 4JH',
    notes: 'Sample client sent by the dVersum test button',
    createdAt: toIso(now),
    updatedAt: toIso(now),
  };
}

function sampleProject(now: number, ids: Ids) {
  return {
    id: ids.project,
    name: 'Website relaunch',
    clientId: ids.client,
    status: 'active',
    description: 'New website with online booking',
    createdAt: toIso(now),
    updatedAt: toIso(now),
  };
}

function sampleTask(now: number, ids: Ids, done = false) {
  return {
    id: ids.task,
    title: 'Draft the homepage copy',
    description: 'Two variants, one short and one long',
    status: done ? 'done' : 'open',
    dueDate: isoDay(now, 7),
    projectId: ids.project,
    completedAt: done ? toIso(now) : null,
    createdAt: toIso(now),
    updatedAt: toIso(now),
  };
}

function sampleTimeEntry(now: number, ids: Ids) {
  return {
    id: newId('timeEntry', now),
    projectId: ids.project,
    taskId: ids.task,
    description: 'Homepage copy, first draft',
    startedAt: toIso(now - 90 * 60_000),
    endedAt: toIso(now),
    minutes: 90,
    billable: true,
    createdAt: toIso(now),
    updatedAt: toIso(now),
  };
}

const ITEMS = [
  { description: 'Design and build', quantity: 12, unitPrice: 9500, taxRate: 19, amount: 114000 },
  { description: 'Hosting setup', quantity: 1, unitPrice: 25000, taxRate: 19, amount: 25000 },
];
const TOTALS = { subtotal: 139000, taxTotal: 26410, total: 165410 };

function sampleQuote(now: number, ids: Ids, status: string) {
  return {
    id: newId('quote', now),
    number: `Q-${isoDay(now).slice(0, 4)}-0042`,
    clientId: ids.client,
    projectId: ids.project,
    currency: 'EUR',
    status,
    validUntil: isoDay(now, 30),
    items: ITEMS,
    ...TOTALS,
    notes: 'Valid for 30 days',
    sentAt: status === 'draft' ? null : toIso(now),
    decidedAt: status === 'accepted' || status === 'rejected' ? toIso(now) : null,
    createdAt: toIso(now),
    updatedAt: toIso(now),
  };
}

function sampleInvoice(now: number, ids: Ids, status: string) {
  const issued = status !== 'draft';
  return {
    id: newId('invoice', now),
    number: issued ? `INV-${isoDay(now).slice(0, 4)}-0042` : null,
    clientId: ids.client,
    projectId: ids.project,
    currency: 'EUR',
    status,
    issueDate: issued ? isoDay(now, status === 'overdue' ? -20 : 0) : null,
    dueDate: issued ? isoDay(now, status === 'overdue' ? -6 : 14) : null,
    items: ITEMS,
    ...TOTALS,
    notes: 'Thank you for your business',
    sentAt: issued ? toIso(now) : null,
    paidAt: status === 'paid' ? toIso(now) : null,
    voidedAt: status === 'void' ? toIso(now) : null,
    createdAt: toIso(now),
    updatedAt: toIso(now),
  };
}

interface Ids {
  client: string;
  project: string;
  task: string;
}

/** The `data` of a sample event of this type. */
export function sampleData(
  type: EventType,
  now: number,
  webhook: { id: string; name: string },
): Record<string, unknown> {
  const ids: Ids = { client: newId('client', now), project: newId('project', now), task: newId('task', now) };
  switch (type) {
    case 'client.created':
    case 'client.updated':
      return sampleClient(now, ids);
    case 'project.created':
    case 'project.updated':
      return sampleProject(now, ids);
    case 'task.created':
    case 'task.updated':
    case 'task.deleted':
      return sampleTask(now, ids);
    case 'task.completed':
      return sampleTask(now, ids, true);
    case 'time_entry.created':
      return sampleTimeEntry(now, ids);
    case 'quote.created':
      return sampleQuote(now, ids, 'draft');
    case 'quote.sent':
      return sampleQuote(now, ids, 'sent');
    case 'quote.accepted':
      return sampleQuote(now, ids, 'accepted');
    case 'quote.rejected':
      return sampleQuote(now, ids, 'rejected');
    case 'invoice.created':
      return sampleInvoice(now, ids, 'draft');
    case 'invoice.sent':
      return sampleInvoice(now, ids, 'sent');
    case 'invoice.paid':
      return sampleInvoice(now, ids, 'paid');
    case 'invoice.overdue':
      return sampleInvoice(now, ids, 'overdue');
    case 'invoice.voided':
      return sampleInvoice(now, ids, 'void');
    case 'webhook.test':
      return {
        message: 'This is a test event from dVersum. Your webhook is set up correctly.',
        webhookId: webhook.id,
        webhookName: webhook.name,
        sentAt: toIso(now),
      };
  }
}
