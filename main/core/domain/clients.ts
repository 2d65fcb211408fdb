/** Clients: the people and companies the owner works for. Events client.created and client.updated. */
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Client, clientCreate, clientPatch, ListInput } from '../../../contract/index.js';
import { toIso } from '../clock.js';
import type { CoreContext } from '../context.js';
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import { clients } from '../store/schema.js';
import { listPage, type Page } from './list.js';
import { changedFields, givenFields, hasKeys, inTransaction } from './mutation.js';
import { refuseDeleteWhileReferenced, type ClientRow } from './references.js';
import { findById, insertRow, updateRow } from './statements.js';

export type ClientCreate = z.output<typeof clientCreate>;
export type ClientPatch = z.output<typeof clientPatch>;

export function toClient(row: ClientRow): Client {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    company: row.company,
    address: row.address,
    notes: row.notes,
    createdAt: toIso(row.createdAt),
    updatedAt: toIso(row.updatedAt),
  };
}

export class ClientsService {
  constructor(private readonly ctx: CoreContext) {}

  list(input: ListInput): Page<Client> {
    return listPage(
      this.ctx.db,
      { table: clients, searchIn: [clients.name, clients.email, clients.company], toApi: toClient },
      input,
    );
  }

  get(id: string): Client {
    return toClient(this.row(id));
  }

  create(input: ClientCreate): Client {
    return inTransaction(this.ctx, () => {
      const now = this.ctx.clock.now();
      const row = insertRow(this.ctx.db, clients, {
        id: newId('client', now),
        name: input.name,
        email: input.email ?? null,
        phone: input.phone ?? null,
        company: input.company ?? null,
        address: input.address ?? null,
        notes: input.notes ?? null,
        createdAt: now,
        updatedAt: now,
      });
      const client = toClient(row);
      this.ctx.outbox.record('client.created', client);
      return client;
    });
  }

  /** An update that changes nothing writes nothing and raises no event. */
  update(id: string, patch: ClientPatch): Client {
    return inTransaction(this.ctx, () => {
      const current = this.row(id);
      const changes = changedFields(current, givenFields(patch));
      if (!hasKeys(changes)) return toClient(current);
      const row = updateRow(this.ctx.db, clients, {
        ...current,
        ...changes,
        updatedAt: this.ctx.clock.now(),
      });
      const client = toClient(row);
      this.ctx.outbox.record('client.updated', client);
      return client;
    });
  }

  delete(id: string): void {
    inTransaction(this.ctx, () => {
      this.row(id);
      refuseDeleteWhileReferenced(this.ctx.db, 'client', id);
      this.ctx.db.delete(clients).where(eq(clients.id, id)).run();
    });
  }

  private row(id: string): ClientRow {
    const row = findById(this.ctx.db, clients, id);
    if (!row) throw notFound('client', id);
    return row;
  }
}
