/**
 * The two changes docs/architecture.md walks through, as templates the
 * worked-example runner applies to a throwaway copy: each edit either writes
 * a new file or inserts text at an anchor that must occur exactly once (a
 * template that no longer fits the code fails naming the file and anchor).
 */
export type Edit =
  | { file: string; text: string }
  | { file: string; anchor: string; where: 'before' | 'after' | 'replace'; insert: string };

export interface Change {
  name: string;
  edits: Edit[];
  /** The regeneration commands the docs name, run in order after the edits. */
  regenerate: string[][];
}

/** The one regeneration command the docs name: the migration, then the n8n and Zapier generated files. */
export const REGENERATE = ['npm', 'run', 'generate', '--silent'];

/** `tags: string[]` on tasks: the entry, the table, the screen's field order. */
export const ADD_FIELD: Change = {
  name: 'a list field: tags on tasks',
  edits: [
    {
      file: 'contract/resources/tasks.ts',
      anchor: '  projectId: projectId.nullable().optional(),\n};',
      where: 'replace',
      insert:
        "  projectId: projectId.nullable().optional(),\n  tags: z.array(z.string().trim().min(1, 'is required').max(40)).max(20).optional(),\n};",
    },
    {
      file: 'contract/resources/tasks.ts',
      anchor: '  completedAt: isoDateTime.nullable(),\n  ...stamps,',
      where: 'before',
      insert: '  tags: z.array(z.string()),\n',
    },
    {
      file: 'contract/resources/tasks.ts',
      anchor: '      completedAt: done ? iso(now) : null,',
      where: 'after',
      insert: "\n      tags: ['homepage'],",
    },
    {
      file: 'main/core/store/schema.ts',
      anchor: "    completedAt: integer('completed_at'),\n    ...timestamps,\n  },\n  (t) => [index('tasks_project_idx')",
      where: 'before',
      insert: "    tags: text('tags').notNull().default('[]'),\n",
    },
  ],
  regenerate: [REGENERATE],
};

export const CHANGES: Change[] = [ADD_FIELD];
