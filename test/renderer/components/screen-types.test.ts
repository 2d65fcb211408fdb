/**
 * The business screens are typed from the contract. A screen's fields name fields of its
 * object's create schema and its columns and row actions read the object the API answers,
 * so renaming a contract field fails the project's typecheck (`npx tsc --noEmit`) in the
 * screen that uses it. Each `@ts-expect-error` below is itself a tsc error the moment the
 * typing loosens (a field name typed as any string, an item as a loose record), so this file
 * fails the typecheck then. At run time the same names resolve against the schema.
 */
import { describe, expect, it } from 'vitest';
import type { ObjectScreenConfig } from '../../../renderer/src/components/ObjectScreen.js';
import { formFields, type FieldSpec } from '../../../renderer/src/components/object-fields.js';
import { documentFields } from '../../../renderer/src/screens/business/document-fields.js';

describe('a screen declaration checked against the contract', () => {
  it('a field name the create schema does not have is refused by tsc, and by the form at run time', () => {
    const misspelt: FieldSpec<'task'>[] = [
      // @ts-expect-error tasks have `title`, not `titel` (as after renaming the contract's field)
      { name: 'titel' },
    ];
    expect(() => formFields('task', misspelt)).toThrow("tasks.titel: the contract's task has no such field");
  });

  it("another object's field is refused: a task names a project, not a client", () => {
    const foreign: FieldSpec<'task'>[] = [
      // @ts-expect-error `clientId` is a project's field, not a task's
      { name: 'clientId' },
    ];
    expect(() => formFields('task', foreign)).toThrow(
      "tasks.clientId: the contract's task has no such field",
    );
    // The server's own fields are no input either.
    // @ts-expect-error `completedAt` is in the task the API answers, not in what creating one takes
    const answerOnly: FieldSpec<'task'> = { name: 'completedAt' };
    expect(() => formFields('task', [answerOnly])).toThrow('tasks.completedAt');
  });

  it('the fields quotes and invoices share are only those both documents have', () => {
    // @ts-expect-error `issueDate` is an invoice's, so a quote's screen cannot list it
    documentFields<'quote'>({ name: 'issueDate' });
    expect(documentFields<'invoice'>({ name: 'issueDate' }).map((f) => f.name)).toEqual([
      'clientId',
      'projectId',
      'currency',
      'issueDate',
      'items',
      'notes',
    ]);
  });

  it("columns, names, row actions and their conditions read the contract's object", () => {
    const config: ObjectScreenConfig<'task'> = {
      resource: 'task',
      // @ts-expect-error a task has a `title`, no `name`
      nameOf: (t) => t.name,
      columns: [
        { key: 'title', header: 'Title', cell: (t) => t.title },
        // @ts-expect-error a task's due date is `dueDate`
        { key: 'due', header: 'Due', cell: (t) => t.due },
      ],
      fields: [{ name: 'title' }],
      actions: [
        // @ts-expect-error tasks have no `send`: their one state change is `complete`
        { label: 'Send', action: 'send', when: () => true },
        // @ts-expect-error a status is one of the contract's (`done`), not any text
        { label: 'Complete', action: 'complete', when: (t) => t.status !== 'finished' },
      ],
    };
    expect(config.fields.map((f) => f.name)).toEqual(['title']);
  });
});
