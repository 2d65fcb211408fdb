/**
 * Example bodies for the OpenAPI document: one for every body the API takes.
 * The task and time-entry examples name no other object, so "Try it out" in
 * /api/docs succeeds with them as they stand.
 */
const clientId = 'cli_01kfa3v2m8q9w4e5r6t7y8x9z0';
const projectId = 'prj_01kfa3w7c2n5b8v1x4z7q0w3e6';

const items = [
  { description: 'Website design', quantity: 1, unitPrice: 250000, taxRate: 19 },
  { description: 'Hosting, 12 months', quantity: 12, unitPrice: 1500, taxRate: 19 },
];

export const EXAMPLES = {
  taskCreate: {
    title: 'New enquiry: website relaunch',
    description: 'Hello, we would like to relaunch our website before the summer…',
    status: 'open',
    dueDate: '2026-06-30',
  },
  taskUpdate: { status: 'done' },
  clientCreate: {
    name: 'Anna Schmidt',
    email: 'anna@example.com',
    phone: '+49 30 1234567',
    company: 'Schmidt Design GmbH',
    address: 'Hauptstraße 1, 10115 Berlin',
  },
  clientUpdate: { phone: '+49 30 7654321', notes: 'Prefers e-mail' },
  projectCreate: { name: 'Website relaunch', clientId, status: 'active' },
  projectUpdate: { status: 'completed' },
  timeEntryCreate: { description: 'Design review with the client', minutes: 90, billable: true },
  invoiceCreate: { clientId, projectId, currency: 'EUR', dueDate: '2026-07-15', items },
  quoteCreate: { clientId, projectId, currency: 'EUR', validUntil: '2026-07-31', items },
} as const;
