/**
 * zod issues as the field messages every side shows: the core's 422s (HTTP and
 * the contract alike) and the window's check before it sends, so a form reads
 * the same words whichever of them refused the input.
 *
 * A message names the field by its label (`field-labels.ts`) and says what to
 * do: "Name: at most 200 characters (you entered 460)", "Title is required".
 * zod's own wording never reaches a person: each issue kind is worded here from
 * its code and parameters. A schema's own message is kept: a sentence (capital
 * first) as it stands, a fragment ("must be a cli_… id") after the label.
 *
 * An answer stays small whatever was sent: at most `MAX_FIELD_ISSUES` fields
 * are named, the rest only counted (`more`), and the work stops there too.
 */
import type { z } from 'zod';
import { labelOf } from './field-labels.js';

/** A field-level problem: `path` is the dotted field name (`items.0.quantity`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The fields named (at most `MAX_FIELD_ISSUES`) and how many more problems there were. */
export interface FieldIssues {
  fields: FieldIssue[];
  more: number;
}

/** The most field problems one answer names; the rest are counted. */
export const MAX_FIELD_ISSUES = 20;
/** An unknown key longer than this is shown cut (the body may hold a key of a megabyte). */
const MAX_KEY_SHOWN = 100;

/** What a zod issue carries that the mapping reads (Fastify's validator passes the same fields). */
export interface IssueLike {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  keys?: readonly string[];
  /** Unknown keys beyond `keys` (the bounded pre-check names only the first ones). */
  moreKeys?: number;
  origin?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  inclusive?: boolean;
  expected?: string;
  format?: string;
  values?: readonly unknown[];
  divisor?: number | bigint;
}

/** zod's own English messages; our schemas never start theirs so (field-issues.test.ts). */
const ZOD_DEFAULT = /^(Invalid\b|Too (big|small)\b|Unrecognized key)/;

const count = (n: number | bigint): string => n.toLocaleString('en-US');

/** "Name is required" / "Name: at most 200 characters": the one way a field and its problem are joined. */
export function fieldMessage(path: string, problem: string): string {
  const label = labelOf(path);
  return problem === 'is required' ? `${label} is required` : `${label}: ${problem}`;
}

/** A problem with one line of a text field that holds a list (the window's IP whitelist): "Line 4: …". */
export const lineMessage = (line: number, problem: string): string => `Line ${line}: ${problem}`;

/** The field's own message: a sentence as it stands, a fragment after its label. */
export function labelled(issue: FieldIssue): FieldIssue {
  return !/^[A-Z]/.test(issue.message)
    ? { path: issue.path, message: fieldMessage(issue.path, issue.message) }
    : issue;
}

/** The value an issue's path names in the input, if there is one. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'enter text',
  number: 'enter a number',
  int: 'enter a whole number',
  boolean: 'must be true or false',
  array: 'must be a list',
  object: 'must be an object',
  null: 'must be null',
};

const FORMAT: Readonly<Record<string, string>> = {
  email: 'enter an e-mail address, such as anna@example.com',
  date: 'enter a date as YYYY-MM-DD, such as 2026-06-30',
  datetime: 'enter a date and time with its zone, such as 2026-06-30T14:00:00Z',
  url: 'enter a URL, such as https://example.com/hook',
};

const lengthOf = (value: unknown): number | undefined =>
  typeof value === 'string' || Array.isArray(value) ? value.length : undefined;

/** A zod default issue as the problem to put after the label, from its code and parameters. */
function problemOf(issue: IssueLike, value: unknown, present: boolean): string {
  const length = lengthOf(value);
  switch (issue.code) {
    case 'invalid_type':
      if (!present || /received undefined$/.test(issue.message)) return 'is required';
      if (issue.expected === 'number' && typeof value === 'number') return 'enter a number';
      return EXPECTED[issue.expected ?? ''] ?? `must be ${issue.expected ?? 'another type'}`;
    case 'too_big': {
      const max = issue.maximum ?? 0;
      if (issue.origin === 'string') {
        return `at most ${count(max)} characters${length === undefined ? '' : ` (you entered ${count(length)})`}`;
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return `at most ${count(max)} entries${length === undefined ? '' : ` (you gave ${count(length)})`}`;
      }
      return issue.inclusive === false ? `must be less than ${count(max)}` : `at most ${count(max)}`;
    }
    case 'too_small': {
      const min = issue.minimum ?? 0;
      if (issue.origin === 'string') {
        return Number(min) <= 1 ? 'is required' : `at least ${count(min)} characters`;
      }
      if (issue.origin === 'array' || issue.origin === 'set') {
        return Number(min) <= 1 ? 'choose at least one' : `at least ${count(min)} entries`;
      }
      return issue.inclusive === false ? `must be more than ${count(min)}` : `at least ${count(min)}`;
    }
    case 'invalid_format':
      return FORMAT[issue.format ?? ''] ?? 'does not have the expected form';
    case 'invalid_value': {
      const values = (issue.values ?? []).map(String);
      return values.length === 1 ? `must be ${values[0]}` : `choose one of ${values.join(', ')}`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${count(issue.divisor ?? 1)}`;
    default:
      return 'is not valid';
  }
}

const shownKey = (key: string): string =>
  key.length > MAX_KEY_SHOWN ? `${key.slice(0, MAX_KEY_SHOWN)}…` : key;

/** Collects at most `MAX_FIELD_ISSUES` fields, counting the rest without building them. */
class Collector {
  readonly fields: FieldIssue[] = [];
  more = 0;
  get full(): boolean {
    return this.fields.length >= MAX_FIELD_ISSUES;
  }
  constructor(private readonly options: CheckedInput) {}
  add(issue: IssueLike): void {
    const { prefix } = this.options;
    const own = issue.path.map(String).join('.');
    const path = prefix ? (own ? `${prefix}.${own}` : prefix) : own;
    if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
      for (const key of issue.keys) {
        if (this.full) {
          this.more += issue.keys.length - issue.keys.indexOf(key);
          break;
        }
        const shown = shownKey(key);
        this.fields.push({
          path: path ? `${path}.${shown}` : shown,
          message: `Unknown field ${JSON.stringify(shown)}: leave it out or check its spelling`,
        });
      }
      this.more += issue.moreKeys ?? 0;
      return;
    }
    if (this.full) {
      this.more += 1;
      return;
    }
    if (!ZOD_DEFAULT.test(issue.message)) {
      this.fields.push(labelled({ path, message: issue.message }));
      return;
    }
    const hasInput = 'input' in this.options;
    const value = hasInput ? valueAt(this.options.input, issue.path) : undefined;
    const present = hasInput ? value !== undefined : true;
    this.fields.push({ path, message: fieldMessage(path, problemOf(issue, value, present)) });
  }
}

/** What was checked: `input` lets a message say what was entered ("you entered 460"); `prefix` names where it came from (`query`). */
export interface CheckedInput {
  input?: unknown;
  prefix?: string;
}

/** The field messages of zod issues, at most `MAX_FIELD_ISSUES` of them. */
export function fieldIssues(
  error: z.ZodError | readonly IssueLike[],
  checked: CheckedInput = {},
): FieldIssues {
  const issues: readonly IssueLike[] = Array.isArray(error) ? error : (error as z.ZodError).issues;
  const collector = new Collector(checked);
  for (const issue of issues) collector.add(issue);
  return { fields: collector.fields, more: collector.more };
}

/** Problems found outside zod (the core's own checks) as the same bounded list, each labelled. */
export function boundedIssues(issues: readonly FieldIssue[], more = 0): FieldIssues {
  return {
    fields: issues.slice(0, MAX_FIELD_ISSUES).map(labelled),
    more: more + Math.max(0, issues.length - MAX_FIELD_ISSUES),
  };
}

/** The message of a 422: its fields' messages, and how many more there were ("…and 59,980 more"). */
export function invalidInputMessage(issues: readonly FieldIssue[], more = 0): string {
  const named = issues.map((i) => i.message).join('; ');
  if (more === 0) return named || 'The input is not valid';
  return `${named}; …and ${count(more)} more`;
}

/** A 422's `details`: the fields, and `moreFields` when some were only counted. */
export function validationDetails(issues: FieldIssues): { fields: FieldIssue[]; moreFields?: number } {
  return issues.more > 0 ? { fields: issues.fields, moreFields: issues.more } : { fields: issues.fields };
}
