import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countRows, createFixture, failOutboxWrites, type Fixture } from '../../support/core.js';

let f: Fixture;
beforeEach(() => {
  f = createFixture();
});
afterEach(() => f.core.close());

const MISSING_PROJECT = 'prj_0000000000aaaaaaaaaaaaaaaa';
const MISSING_TASK = 'tsk_0000000000aaaaaaaaaaaaaaaa';

describe('tasks', () => {
  it('creates an open task by default and records task.created', async () => {
    const task = await f.call('tasks.create', {
      title: 'Invoice from email',
      description: 'Body of the mail',
    });
    expect(task).toMatchObject({ status: 'open', completedAt: null, projectId: null, dueDate: null });
    expect(f.outbox()).toMatchObject([{ type: 'task.created', event: { data: task } }]);
  });

  it('refuses an unknown projectId with 422 naming the field', async () => {
    await expect(f.call('tasks.create', { title: 'x', projectId: MISSING_PROJECT })).rejects.toMatchObject({
      status: 422,
      details: { fields: [{ path: 'projectId', message: `Project: no project with id ${MISSING_PROJECT}` }] },
    });
    expect(countRows(f.core, 'tasks')).toBe(0);
    expect(f.outboxTypes()).toEqual([]);
  });

  it('complete() sets done and completedAt and records task.completed; completing again changes nothing', async () => {
    const task = await f.call('tasks.create', { title: 'Call back' });
    f.tick(3_600_000);
    const done = await f.call('tasks.complete', { id: task.id });
    expect(done).toMatchObject({ status: 'done', completedAt: '2026-01-15T10:00:00.000Z' });
    f.tick(1000);
    expect(await f.call('tasks.complete', { id: task.id })).toEqual(done);
    expect(f.outbox().map((r) => [r.type, r.event.data.status])).toEqual([
      ['task.created', 'open'],
      ['task.completed', 'done'],
    ]);
  });

  it('an update that moves the status to done records task.updated then task.completed; reopening clears completedAt', async () => {
    const task = await f.call('tasks.create', { title: 'Call back' });
    const progressing = await f.call('tasks.update', { id: task.id, status: 'in_progress' });
    const done = await f.call('tasks.update', { id: task.id, status: 'done' });
    expect(done.completedAt).toBe('2026-01-15T09:00:00.000Z');
    const reopened = await f.call('tasks.update', { id: task.id, status: 'open' });
    expect(reopened.completedAt).toBeNull();
    expect(f.outbox().map((r) => [r.type, r.event.data])).toEqual([
      ['task.created', task],
      ['task.updated', progressing],
      ['task.updated', done],
      ['task.completed', done],
      ['task.updated', reopened],
    ]);
  });

  it('an edit of a done task keeps completedAt and raises no second task.completed', async () => {
    const task = await f.call('tasks.create', { title: 'Call back', status: 'done' });
    expect(f.outboxTypes()).toEqual(['task.created', 'task.completed']);
    f.tick(1000);
    const edited = await f.call('tasks.update', { id: task.id, title: 'Called back', status: 'done' });
    expect(edited.completedAt).toBe(task.completedAt);
    expect(f.outboxTypes()).toEqual(['task.created', 'task.completed', 'task.updated']);
  });

  it('delete records task.deleted carrying the task as it was', async () => {
    const task = await f.call('tasks.create', { title: 'Old' });
    expect(await f.call('tasks.delete', { id: task.id })).toEqual({ ok: true });
    expect(f.outbox().at(-1)).toMatchObject({ type: 'task.deleted', event: { data: task } });
    await expect(f.call('tasks.get', { id: task.id })).rejects.toMatchObject({
      status: 404,
      message: `No task with id ${task.id}`,
    });
  });

  it('answers 404 for unknown ids on every task operation', async () => {
    const message = `No task with id ${MISSING_TASK}`;
    for (const call of [
      () => f.call('tasks.get', { id: MISSING_TASK }),
      () => f.call('tasks.update', { id: MISSING_TASK, title: 'x' }),
      () => f.call('tasks.complete', { id: MISSING_TASK }),
      () => f.call('tasks.delete', { id: MISSING_TASK }),
    ]) {
      await expect(call()).rejects.toMatchObject({ status: 404, code: 'not_found', message });
    }
  });

  it('refuses to delete a task with time entries (409) and keeps both', async () => {
    const task = await f.call('tasks.create', { title: 'Design' });
    await f.call('timeEntries.create', { taskId: task.id, minutes: 15 });
    await expect(f.call('tasks.delete', { id: task.id })).rejects.toMatchObject({
      status: 409,
      message: `Task ${task.id} is still used by 1 time entry; delete or reassign them first`,
    });
    expect(f.outboxTypes()).not.toContain('task.deleted');
  });

  it('a failed task.completed write leaves the task open', async () => {
    const task = await f.call('tasks.create', { title: 'x' });
    const restore = failOutboxWrites(f.core, 'task.completed');
    await expect(f.call('tasks.update', { id: task.id, status: 'done' })).rejects.toThrow('injected failure');
    await expect(f.call('tasks.complete', { id: task.id })).rejects.toThrow('injected failure');
    restore();
    expect(await f.call('tasks.get', { id: task.id })).toEqual(task);
    expect(f.outboxTypes()).toEqual(['task.created']);
  });

  it('searches title and description', async () => {
    await f.call('tasks.create', { title: 'Reply to Anna' });
    f.tick();
    await f.call('tasks.create', { title: 'Other', description: 'anna asked for a quote' });
    f.tick();
    await f.call('tasks.create', { title: 'Unrelated' });
    const found = await f.call('tasks.list', { search: 'ANNA' });
    expect(found.items.map((t) => t.title)).toEqual(['Other', 'Reply to Anna']);
  });
});

describe('time entries', () => {
  it('takes minutes as given, billable by default, and records time_entry.created', async () => {
    const entry = await f.call('timeEntries.create', { minutes: 90, description: 'Workshop' });
    expect(entry).toMatchObject({ minutes: 90, billable: true, startedAt: null, endedAt: null });
    expect(f.outbox()).toMatchObject([{ type: 'time_entry.created', event: { data: entry } }]);
  });

  it('computes minutes from startedAt and endedAt, rounded to the minute', async () => {
    const entry = await f.call('timeEntries.create', {
      startedAt: '2026-01-15T08:00:00Z',
      endedAt: '2026-01-15T09:15:40+00:00',
      billable: false,
    });
    expect(entry).toMatchObject({
      minutes: 76,
      billable: false,
      startedAt: '2026-01-15T08:00:00.000Z',
      endedAt: '2026-01-15T09:15:40.000Z',
    });
  });

  it('refuses an entry without minutes or times, and one that ends before it starts (422, fields named)', async () => {
    await expect(f.call('timeEntries.create', { description: 'x' })).rejects.toMatchObject({
      status: 422,
      details: { fields: [{ path: 'minutes', message: 'Minutes: give minutes, or startedAt and endedAt' }] },
    });
    await expect(
      f.call('timeEntries.create', { startedAt: '2026-01-15T09:00:00Z', endedAt: '2026-01-15T08:00:00Z' }),
    ).rejects.toMatchObject({
      status: 422,
      details: { fields: [{ path: 'endedAt', message: 'Ended at: must be after startedAt' }] },
    });
    await expect(
      f.call('timeEntries.create', { startedAt: '2026-01-15T09:00:00Z', endedAt: '2026-01-15T09:00:20Z' }),
    ).rejects.toMatchObject({
      status: 422,
      details: {
        fields: [{ path: 'endedAt', message: 'Ended at: must be at least a minute after startedAt' }],
      },
    });
    expect(countRows(f.core, 'time_entries')).toBe(0);
  });

  it('refuses unknown projectId and taskId with 422 naming the field', async () => {
    await expect(
      f.call('timeEntries.create', { minutes: 5, projectId: MISSING_PROJECT }),
    ).rejects.toMatchObject({
      status: 422,
      details: { fields: [{ path: 'projectId', message: `Project: no project with id ${MISSING_PROJECT}` }] },
    });
    await expect(f.call('timeEntries.create', { minutes: 5, taskId: MISSING_TASK })).rejects.toMatchObject({
      status: 422,
      details: { fields: [{ path: 'taskId', message: `Task: no task with id ${MISSING_TASK}` }] },
    });
    expect(f.outboxTypes()).toEqual([]);
  });

  it("takes the project from the task, and refuses a project that is not the task's", async () => {
    const project = await f.call('projects.create', { name: 'Website' });
    const other = await f.call('projects.create', { name: 'Shop' });
    const task = await f.call('tasks.create', { title: 'Design', projectId: project.id });
    const entry = await f.call('timeEntries.create', { taskId: task.id, minutes: 20 });
    expect(entry.projectId).toBe(project.id);
    await expect(
      f.call('timeEntries.create', { taskId: task.id, projectId: other.id, minutes: 20 }),
    ).rejects.toMatchObject({
      status: 422,
      details: {
        fields: [
          {
            path: 'taskId',
            message: `Task: task ${task.id} belongs to project ${project.id}, not ${other.id}`,
          },
        ],
      },
    });
  });

  it("moves an entry to another task's project when only the task changes", async () => {
    const website = await f.call('projects.create', { name: 'Website' });
    const shop = await f.call('projects.create', { name: 'Shop' });
    const design = await f.call('tasks.create', { title: 'Design', projectId: website.id });
    const checkout = await f.call('tasks.create', { title: 'Checkout', projectId: shop.id });
    const loose = await f.call('tasks.create', { title: 'Admin' });
    const entry = await f.call('timeEntries.create', { taskId: design.id, minutes: 20 });
    expect(await f.call('timeEntries.update', { id: entry.id, taskId: checkout.id })).toMatchObject({
      taskId: checkout.id,
      projectId: shop.id,
    });
    expect(await f.call('timeEntries.update', { id: entry.id, taskId: loose.id })).toMatchObject({
      taskId: loose.id,
      projectId: shop.id,
    });
    await expect(
      f.call('timeEntries.update', { id: entry.id, taskId: design.id, projectId: shop.id }),
    ).rejects.toMatchObject({ status: 422, details: { fields: [{ path: 'taskId' }] } });
  });

  it('recomputes minutes when the times change, keeps given minutes, with time_entry.updated for each change', async () => {
    const entry = await f.call('timeEntries.create', {
      startedAt: '2026-01-15T08:00:00Z',
      endedAt: '2026-01-15T09:00:00Z',
    });
    const longer = await f.call('timeEntries.update', { id: entry.id, endedAt: '2026-01-15T10:30:00Z' });
    expect(longer.minutes).toBe(150);
    const adjusted = await f.call('timeEntries.update', { id: entry.id, minutes: 120 });
    expect(adjusted.minutes).toBe(120);
    await expect(
      f.call('timeEntries.update', { id: entry.id, startedAt: '2026-01-15T11:00:00Z' }),
    ).rejects.toMatchObject({
      status: 422,
      details: { fields: [{ path: 'endedAt', message: 'Ended at: must be after startedAt' }] },
    });
    expect((await f.call('timeEntries.get', { id: entry.id })).minutes).toBe(120);
    await f.call('timeEntries.update', { id: entry.id, minutes: 120 }); // changes nothing: no event
    expect(f.outboxTypes()).toEqual(['time_entry.created', 'time_entry.updated', 'time_entry.updated']);
    expect(f.outbox().map((r) => r.event.data)).toEqual([entry, longer, adjusted]);
  });

  it('deletes an entry with time_entry.deleted carrying it as it was', async () => {
    const entry = await f.call('timeEntries.create', { minutes: 45, description: 'Call' });
    await f.call('timeEntries.delete', { id: entry.id });
    expect(f.outbox().at(-1)).toMatchObject({ type: 'time_entry.deleted', event: { data: entry } });
  });

  it('answers 404 "No time entry with id …"', async () => {
    const id = 'tim_0000000000aaaaaaaaaaaaaaaa';
    await expect(f.call('timeEntries.get', { id })).rejects.toMatchObject({
      status: 404,
      message: `No time entry with id ${id}`,
    });
    await expect(f.call('timeEntries.delete', { id })).rejects.toMatchObject({ status: 404 });
  });
});
