/**
 * Clients: the people and companies the owner works for. Events
 * client.created, client.updated and client.deleted (the client as it was).
 */
import type { z } from 'zod';
import type { Client, clientCreate, clientPatch, ListInput } from '../../../contract/index.js';
import { toIso } from '../clock.js';
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import { mapPage, type Page } from '../store/repositories/list-page.js';
import type { ObjectRepositories } from '../store/repositories/objects.js';
import { changedFields, givenFields, hasKeys, type ChangeDeps } from './mutation.js';
import { refuseDeleteWhileReferenced, type ClientRow } from './references.js';

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

export interface ClientsDeps extends ChangeDeps {
  tables: Pick<ObjectRepositories, 'clients' | 'references'>;
}

export class ClientsService {
  constructor(private readonly ctx: ClientsDeps) {}

  list(input: ListInput): Page<Client> {
    return mapPage(this.ctx.tables.clients.page(input), toClient);
  }

  get(id: string): Client {
    return toClient(this.row(id));
  }

  create(input: ClientCreate): Client {
    return this.ctx.work.transaction(() => {
      const now = this.ctx.clock.now();
      const row = this.ctx.tables.clients.insert({
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
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      const changes = changedFields(current, givenFields(patch));
      if (!hasKeys(changes)) return toClient(current);
      const row = this.ctx.tables.clients.update({
        ...current,
        ...changes,
        updatedAt: this.ctx.clock.now(),
      });
      const client = toClient(row);
      this.ctx.outbox.record('client.updated', client);
      return client;
    });
  }

  /** Raises client.deleted with the client as it was. */
  delete(id: string): void {
    this.ctx.work.transaction(() => {
      const current = this.row(id);
      refuseDeleteWhileReferenced(this.ctx.tables, 'client', id);
      this.ctx.tables.clients.delete(id);
      this.ctx.outbox.record('client.deleted', toClient(current));
    });
  }

  private row(id: string): ClientRow {
    const row = this.ctx.tables.clients.find(id);
    if (!row) throw notFound('client', id);
    return row;
  }
}
