/**
 * The two changes docs/architecture.md walks through, as templates the
 * worked-example runner applies to a throwaway copy: each edit writes a new
 * file, sets a key in a JSON catalog, or inserts text at an anchor that must
 * occur exactly once (a template that no longer fits the code fails naming the
 * file and the anchor).
 */
import { readFileSync } from 'node:fs';

export type Edit =
  | { file: string; text: string }
  | { file: string; at: string[]; set: Record<string, unknown> }
  | { file: string; anchor: string; where: 'before' | 'after' | 'replace'; insert: string };

export interface Change {
  name: string;
  edits: Edit[];
  /** The regeneration commands the docs name, run in order after the edits. */
  regenerate: string[][];
}

/** The one regeneration command the docs name: the migration, then the n8n and Zapier generated files. */
export const REGENERATE = ['npm', 'run', 'generate', '--silent'];

const template = (name: string) => readFileSync(new URL(`./expense/${name}`, import.meta.url), 'utf8');

/** `tags: string[]` on tasks: the entry (with its label), the table, the screen's field order and its words in the window. */
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
      anchor: "  search: ['title', 'description'],",
      where: 'before',
      insert: "  labels: { tags: 'Tags' },\n",
    },
    {
      file: 'contract/resources/tasks.ts',
      anchor: '      completedAt: done ? iso(now) : null,',
      where: 'after',
      insert: "\n      tags: ['homepage'],",
    },
    {
      file: 'main/core/store/schema.ts',
      anchor:
        "    completedAt: integer('completed_at'),\n    ...timestamps,\n  },\n  (t) => [index('tasks_project_idx')",
      where: 'before',
      insert: "    tags: text('tags').notNull().default('[]'),\n",
    },
    {
      file: 'renderer/src/screens/business/TasksScreen.tsx',
      anchor: "    { name: 'dueDate' },",
      where: 'after',
      insert: "\n    { name: 'tags' },",
    },
    { file: 'renderer/src/i18n/locales/en/business.json', at: ['task', 'fields'], set: { tags: 'Tags' } },
    {
      file: 'renderer/src/i18n/locales/de/business.json',
      at: ['task', 'fields'],
      set: { tags: 'Schlagwörter' },
    },
  ],
  regenerate: [REGENERATE],
};

/** An object "expense": its entry, its domain module, its table, its screen and its words. */
export const ADD_OBJECT: Change = {
  name: 'an object: expenses',
  edits: [
    { file: 'contract/resources/expenses.ts', text: template('contract.ts.txt') },
    {
      file: 'contract/resources.ts',
      anchor: "import { timeEntryResource } from './resources/time-entries.js';\n",
      where: 'after',
      insert: "import { expenseResource } from './resources/expenses.js';\n",
    },
    {
      file: 'contract/resources.ts',
      anchor: "export * from './resources/invoices.js';\n",
      where: 'after',
      insert: "export * from './resources/expenses.js';\n",
    },
    {
      file: 'contract/resources.ts',
      anchor: '  quote: quoteResource,\n} as const;',
      where: 'replace',
      insert: '  quote: quoteResource,\n  expense: expenseResource,\n} as const;',
    },
    {
      file: 'contract/resources.ts',
      anchor: "'timeEntry', 'quote', 'invoice']);",
      where: 'replace',
      insert: "'timeEntry', 'quote', 'invoice', 'expense']);",
    },
    {
      file: 'contract/resources.ts',
      anchor: "'task', 'project', 'timeEntry']);",
      where: 'replace',
      insert: "'task', 'project', 'timeEntry', 'expense']);",
    },
    { file: 'main/core/domain/expenses.ts', text: template('domain.ts.txt') },
    {
      file: 'main/core/domain/object-services.ts',
      anchor: "import { ClientsService } from './clients.js';\n",
      where: 'after',
      insert: "import { ExpensesService } from './expenses.js';\n",
    },
    {
      file: 'main/core/domain/object-services.ts',
      anchor: '    invoices,\n  };',
      where: 'replace',
      insert: '    invoices,\n    expenses: new ExpensesService(deps),\n  };',
    },
    {
      file: 'main/core/store/schema.ts',
      anchor: '/** Gapless numbering: one counter row per series and year',
      where: 'before',
      insert: `export const expenses = sqliteTable(
  'expenses',
  {
    id: text('id').primaryKey(),
    description: text('description').notNull(),
    amount: integer('amount').notNull(),
    currency: text('currency').notNull(),
    spentOn: text('spent_on').notNull(),
    projectId: text('project_id').references(() => projects.id),
    ...timestamps,
  },
  (t) => [index('expenses_project_idx').on(t.projectId)],
);

`,
    },
    { file: 'renderer/src/screens/business/ExpensesScreen.tsx', text: template('screen.tsx.txt') },
    {
      file: 'renderer/src/screens/business/index.ts',
      anchor: "import { ClientsScreen } from './ClientsScreen.js';\n",
      where: 'after',
      insert: "import { ExpensesScreen } from './ExpensesScreen.js';\n",
    },
    {
      file: 'renderer/src/screens/business/index.ts',
      anchor: '  invoice: InvoicesScreen,\n};',
      where: 'replace',
      insert: '  invoice: InvoicesScreen,\n  expense: ExpensesScreen,\n};',
    },
    {
      file: 'renderer/src/i18n/locales/en/business.json',
      at: [],
      set: {
        expense: {
          singular: 'Expense',
          plural: 'expenses',
          new: 'New Expense',
          search: 'Search expenses',
          empty: 'No expenses yet.',
          noMatch: 'No expenses match "{{search}}".',
          deleteQuestion: 'Delete expense "{{name}}"? This cannot be undone.',
          columns: { description: 'Description', amount: 'Amount', spentOn: 'Spent on', project: 'Project' },
          fields: {
            description: 'Description',
            amount: 'Amount',
            currency: 'Currency',
            spentOn: 'Spent on',
            projectId: 'Project',
          },
        },
      },
    },
    {
      file: 'renderer/src/i18n/locales/de/business.json',
      at: [],
      set: {
        expense: {
          singular: 'Ausgabe',
          plural: 'Ausgaben',
          new: 'Neue Ausgabe',
          search: 'Ausgaben durchsuchen',
          empty: 'Noch keine Ausgaben.',
          noMatch: 'Keine Ausgaben passen zu „{{search}}“.',
          deleteQuestion: 'Ausgabe „{{name}}“ löschen? Das lässt sich nicht rückgängig machen.',
          columns: {
            description: 'Beschreibung',
            amount: 'Betrag',
            spentOn: 'Ausgegeben am',
            project: 'Projekt',
          },
          fields: {
            description: 'Beschreibung',
            amount: 'Betrag',
            currency: 'Währung',
            spentOn: 'Ausgegeben am',
            projectId: 'Projekt',
          },
        },
      },
    },
    { file: 'renderer/src/i18n/locales/en/common.json', at: ['objects'], set: { expense: 'Expenses' } },
    { file: 'renderer/src/i18n/locales/de/common.json', at: ['objects'], set: { expense: 'Ausgaben' } },
  ],
  regenerate: [REGENERATE],
};

export const CHANGES: Change[] = [ADD_FIELD, ADD_OBJECT];
