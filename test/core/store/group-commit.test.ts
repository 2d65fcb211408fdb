/**
 * Incoming creates that arrive together are committed together: each one is
 * answered as it would be alone, a refused one writes nothing and does not
 * take the others with it, and every 201 is already in the database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, errorOf, INCOMING, type Harness } from '../../support/server.js';
import { storeOf } from '../../../main/core/store/database.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(() => h.close());

const countRows = (table: string): number =>
  (storeOf(h.core.store).sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('incoming creates sent at the same time', () => {
  it('answers each as alone: 201s saved with their events, the refused one with its own error', async () => {
    const key = h.key(['tasks:write']);
    const post = (payload: object) => h.call(key, { method: 'POST', url: `${INCOMING}/tasks`, payload });
    const unknownProject = { title: 'orphan', projectId: 'prj_01kf0000000000000000000000' };
    const alone = await post(unknownProject);
    expect(alone.statusCode).toBeGreaterThanOrEqual(400);
    const tasksBefore = countRows('tasks');
    const eventsBefore = countRows('outbox');

    const titles = Array.from({ length: 20 }, (_, i) => `task ${i}`);
    const responses = await Promise.all([
      ...titles.slice(0, 10).map((title) => post({ title })),
      post(unknownProject),
      ...titles.slice(10).map((title) => post({ title, status: 'done' })),
    ]);

    const refused = responses[10];
    expect(refused.statusCode).toBe(alone.statusCode);
    expect(errorOf(refused)).toEqual(errorOf(alone));
    const created = responses.filter((_, i) => i !== 10);
    expect(created.map((r) => r.statusCode)).toEqual(titles.map(() => 201));
    expect(created.map((r) => r.json().title)).toEqual(titles);
    for (const response of created) expect(h.core.tasks.get(response.json().id)).toEqual(response.json());
    expect(countRows('tasks')).toBe(tasksBefore + 20);
    // task.created for each, and task.completed for the ten created done.
    expect(countRows('outbox')).toBe(eventsBefore + 30);
  });
});
