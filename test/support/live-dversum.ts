/**
 * The set-up the integrations' tests share (the n8n node and trigger, the Zapier
 * app): a real dVersum on a socket (`createHarness` + `listen`, 127.0.0.1 port 0)
 * and a real loopback receiver, fresh before each test and closed after it.
 * `useLiveDversum()` registers the hooks in the calling file and returns the
 * object they fill in, so a test reads `live.h`, `live.baseUrl`, `live.receiver`.
 */
import { afterEach, beforeEach } from 'vitest';
import type { Invoice, Permission, Quote } from '../../contract/index.js';
import { Receiver } from './receiver.js';
import { createHarness, listen, type Harness } from './server.js';

export interface LiveDversum {
  h: Harness;
  /** `http://127.0.0.1:<port>`, what an owner enters as dVersum's address. */
  baseUrl: string;
  receiver: Receiver;
  /** A connection as n8n's credential and Zapier's authData hold it: the address and a new key with these permissions. */
  connection(permissions: Permission[]): { baseUrl: string; apiKey: string };
  /** An invoice of one item at this unit price (tax 0) for a new client, sent and paid; its id. */
  paidInvoice(unitPrice: number, currency?: string): string;
  /** An invoice for Acme GmbH (2 × 600.00, 19 % tax), sent: it has its number and its stored PDF. */
  sentInvoice(): Invoice;
  /** A draft quote for Ada (1 × 1,500.00, no tax). */
  draftQuote(): Quote;
}

export interface LiveOptions {
  /**
   * Set dVersum's clock to the real time: deliveries' `webhook-timestamp` comes from it and
   * the integrations check it against the real clock, as n8n and Zapier do.
   */
  realClock?: boolean;
  /** Start the core (its dispatcher delivers by itself); otherwise a test calls `dispatcher.runDue()`. */
  start?: boolean;
}

export function useLiveDversum(options: LiveOptions = {}): LiveDversum {
  const live = {
    connection: (permissions: Permission[]) => ({ baseUrl: live.baseUrl, apiKey: live.h.key(permissions) }),
    paidInvoice(unitPrice: number, currency?: string): string {
      const { core } = live.h;
      const client = core.clients.create({ name: 'Ada' });
      const invoice = core.invoices.create({
        clientId: client.id,
        ...(currency ? { currency } : {}),
        items: [{ description: 'Audit', quantity: 1, unitPrice, taxRate: 0 }],
      });
      core.invoices.send(invoice.id);
      core.invoices.markPaid(invoice.id);
      return invoice.id;
    },
    sentInvoice(): Invoice {
      const { core } = live.h;
      const client = core.clients.create({ name: 'Acme GmbH' });
      const invoice = core.invoices.create({
        clientId: client.id,
        items: [{ description: 'Website audit', quantity: 2, unitPrice: 60_000, taxRate: 19 }],
      });
      return core.invoices.send(invoice.id);
    },
    draftQuote(): Quote {
      const { core } = live.h;
      const client = core.clients.create({ name: 'Ada' });
      return core.quotes.create({
        clientId: client.id,
        items: [{ description: 'Workshop', quantity: 1, unitPrice: 150_000, taxRate: 0 }],
      });
    },
  } as LiveDversum;
  beforeEach(async () => {
    live.h = await createHarness();
    if (options.realClock) live.h.clock.set(Date.now());
    if (options.start) await live.h.core.start();
    live.baseUrl = await listen(live.h.app);
    live.receiver = await Receiver.start();
  });
  afterEach(async () => {
    await live.receiver.close();
    await live.h.close();
  });
  return live;
}
