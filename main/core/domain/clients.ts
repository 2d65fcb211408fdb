/**
 * Clients: the people and companies the owner works for. Events
 * client.created, client.updated and client.deleted (the client as it was;
 * refused while another object names it). List, get, delete and
 * the mapping are the generic body's (object-body.ts).
 */
import type { z } from 'zod';
import { RESOURCES, type Client, type clientCreate, type clientPatch } from '../../../contract/index.js';
import { givenFields } from './mutation.js';
import { ObjectBody, type ObjectDeps } from './object-body.js';

export type ClientCreate = z.output<typeof clientCreate>;
export type ClientPatch = z.output<typeof clientPatch>;
export type ClientsDeps = ObjectDeps<'client'>;

export class ClientsService extends ObjectBody<'client'> {
  constructor(ctx: ClientsDeps) {
    super(RESOURCES.client, ctx);
  }

  create(input: ClientCreate): Client {
    return this.ctx.work.transaction(() =>
      this.insert({
        name: input.name,
        email: input.email ?? null,
        phone: input.phone ?? null,
        company: input.company ?? null,
        address: input.address ?? null,
        notes: input.notes ?? null,
      }),
    );
  }

  /** An update that changes nothing writes nothing and raises no event. */
  update(id: string, patch: ClientPatch): Client {
    return this.ctx.work.transaction(() => {
      const current = this.row(id);
      return this.edit(current, this.changes(current, givenFields(patch)));
    });
  }
}
