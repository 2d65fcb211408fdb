/**
 * The `idempotent` commit policy (handlers/policy.ts with handlers/idempotency.ts):
 * a change joins the turn's group commit like `change`, and an Idempotency-Key's
 * answer is written in that change's savepoint, so both are kept or neither.
 * The HTTP side (header, replay, 409) is test/core/server/idempotency.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openCore, failOutboxWrites } from '../../support/core.js';
import { ManualClock } from '../../../main/core/clock.js';
import type { Core } from '../../../main/core/core.js';
import { AppError } from '../../../main/core/errors.js';
import { IDEMPOTENCY_WINDOW_MS, type IdempotencyClaim } from '../../../main/core/handlers/idempotency.js';
import { commitPolicies, type IdempotentAnswer } from '../../../main/core/handlers/policy.js';
import { storeOf } from '../../../main/core/store/database.js';

let core: Core;
let clock: ManualClock;
beforeEach(() => {
  clock = new ManualClock(Date.UTC(2026, 11, 6, 12));
  core = openCore({ clock }).core;
});
afterEach(() => core.close());

const answerRows = () =>
  storeOf(core.store).sqlite.prepare('SELECT scope, key, status, response FROM idempotency_keys').all();

const createTask = (title: string) => core.tasks.create({ title });

function claimed(key: string, hash = 'hash-1'): IdempotencyClaim {
  const { claim, replay } = core.idempotency.claim('key_1', key, hash);
  expect(replay).toBeUndefined();
  return claim!;
}

const answerOf = <O>(claim: IdempotencyClaim): IdempotentAnswer<O> => ({
  claim,
  status: 201,
  serialise: (result) => JSON.stringify(result),
});

describe('the idempotent commit policy', () => {
  it('without an Idempotency-Key it is `change`: one group commit, answered once committed, no answer kept', async () => {
    const { idempotent } = commitPolicies(core);
    const group = vi.spyOn(core.work, 'commitWithOthers');
    const pending = idempotent(createTask)('No key');
    expect(core.tasks.list({ search: 'No key' }).items).toHaveLength(0);
    const task = await pending;
    expect(group).toHaveBeenCalledTimes(1);
    expect(core.tasks.get(task.id).title).toBe('No key');
    expect(answerRows()).toEqual([]);
  });

  it('with a key, the answer commits with the change: the same key and request then replay it, another request is a 422', async () => {
    const { idempotent } = commitPolicies(core);
    const claim = claimed('order-1');
    const task = await idempotent(createTask)('Once', answerOf(claim));
    expect(answerRows()).toEqual([
      { scope: 'key_1', key: 'order-1', status: 201, response: JSON.stringify(task) },
    ]);
    expect(core.idempotency.claim('key_1', 'order-1', 'hash-1')).toEqual({
      replay: { status: 201, response: JSON.stringify(task) },
    });
    let refused: unknown;
    try {
      core.idempotency.claim('key_1', 'order-1', 'hash-2');
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(422);
    expect((refused as AppError).message).toBe(
      'Idempotency-Key "order-1" was already used with a different request; use a new key for a new request',
    );
  });

  it('a change that fails keeps no answer and frees its key: the same key may be sent again and creates once', async () => {
    const { idempotent } = commitPolicies(core);
    const restore = failOutboxWrites(core, 'task.created');
    const first = claimed('order-2');
    await expect(idempotent(createTask)('Fails', answerOf(first))).rejects.toThrow('injected failure');
    expect(answerRows()).toEqual([]);
    expect(core.tasks.list({ search: 'Fails' }).items).toHaveLength(0);
    restore();

    const again = claimed('order-2');
    const task = await idempotent(createTask)('Fails', answerOf(again));
    expect(core.tasks.list({ search: 'Fails' }).items).toEqual([task]);
    expect(answerRows()).toHaveLength(1);
  });

  it('while a key’s first request is queued, a second with it is a 409; the commit frees it', async () => {
    const { idempotent } = commitPolicies(core);
    const pending = idempotent(createTask)('Held', answerOf(claimed('order-3')));
    expect(() => core.idempotency.claim('key_1', 'order-3', 'hash-1')).toThrow(
      'A request with Idempotency-Key "order-3" is still being processed; retry shortly',
    );
    await pending;
    expect(core.idempotency.claim('key_1', 'order-3', 'hash-1').replay?.status).toBe(201);
  });

  it('an answer past the 24 hours counts as none, and the next answer under any key drops it', async () => {
    const { idempotent } = commitPolicies(core);
    await idempotent(createTask)('Old', answerOf(claimed('old')));
    clock.advance(IDEMPOTENCY_WINDOW_MS + 1);
    const fresh = claimed('old');
    await idempotent(createTask)('Other', answerOf(claimed('new')));
    expect(answerRows().map((row) => (row as { key: string }).key)).toEqual(['new']);
    fresh.release();
  });

  it('while a restore runs it is refused with the restore’s 503 before anything is queued', async () => {
    const { idempotent } = commitPolicies(core);
    const claim = claimed('order-4');
    core.availability.set('restoring');
    expect(() => idempotent(createTask)('Refused', answerOf(claim))).toThrow(
      'A backup is being restored: nothing was saved. Try again in a few seconds, once the restore is done.',
    );
    core.availability.set('open');
    expect(claim.committing).toBe(false);
    expect(answerRows()).toEqual([]);
  });
});
