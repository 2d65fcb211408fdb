/**
 * docs/architecture.md's worked examples, run for real: in a throwaway copy of
 * the repository (its tracked files, with node_modules linked), apply one
 * change from its template (`changes.mts`: a list field on tasks, then an
 * object "expense"), run the regeneration command the docs name, then the
 * typecheck, and report the files each change touched. `npm test` runs it
 * (`test/docs/worked-example.test.ts`) and compares the report with the docs,
 * so the docs' lists cannot drift from what a change really takes.
 *
 * `npx tsx scripts/worked-example/run.mts [--keep]` prints the report.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  chmodSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHANGES, type Change, type Edit } from './changes.mjs';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What one change touched, in the copy's `git status` after it (and its regeneration). */
export interface Touched {
  change: string;
  /** Files written by hand, as the docs list them (new and changed). */
  source: string[];
  /** Files the regeneration command rewrote (migrations, the integrations' generated files). */
  generated: string[];
}

export interface Report {
  changes: Touched[];
  /** The typecheck of the copy with every change applied: empty when it passed. */
  typecheck: string;
}

/** A template that no longer fits the code it edits: names the file and the anchor it looked for. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

const GENERATED = [/^main\/core\/store\/migrations\//, /^integrations\/[^/]+\/generated\//];

function run(cwd: string, command: string, args: string[]): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

const git = (cwd: string, ...args: string[]) =>
  run(cwd, 'git', ['-c', 'user.name=worked-example', '-c', 'user.email=example@dversum.local', ...args]);

/** A copy of the tracked files (as the working tree has them) with node_modules linked, committed once. */
export function copyRepository(): string {
  const copy = mkdtempSync(join(tmpdir(), 'dversum-worked-example-'));
  // Readable by others, as a clone is: a test runs a fixture as nobody (backup-as-nobody.ts).
  chmodSync(copy, 0o755);
  const files = run(ROOT, 'git', ['ls-files', '-z']).split('\0').filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    try {
      copyFileSync(join(ROOT, file), join(copy, file));
    } catch (error) {
      // A tracked file deleted in the working tree and not yet committed.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  git(copy, 'init', '-q');
  git(copy, 'add', '-A');
  git(copy, 'commit', '-q', '-m', 'before');
  return copy;
}

function applyEdit(copy: string, edit: Edit): void {
  const path = join(copy, edit.file);
  if ('set' in edit) {
    // A JSON file (a catalog): one key set at its path, written as the catalogs are (2 spaces).
    const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    let at = json;
    for (const key of edit.at) {
      if (typeof at[key] !== 'object' || at[key] === null)
        throw new TemplateError(
          `${edit.file}: the template's path ${edit.at.join('.')} is not there; update scripts/worked-example/changes.mts`,
        );
      at = at[key] as Record<string, unknown>;
    }
    Object.assign(at, edit.set);
    writeFileSync(path, `${JSON.stringify(json, null, 2)}\n`);
    return;
  }
  if ('text' in edit) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, edit.text);
    return;
  }
  const before = readFileSync(path, 'utf8');
  const at = before.indexOf(edit.anchor);
  if (at < 0 || before.indexOf(edit.anchor, at + 1) >= 0) {
    throw new TemplateError(
      `${edit.file}: the template's anchor ${JSON.stringify(edit.anchor)} is ${at < 0 ? 'not there' : 'there more than once'}; update scripts/worked-example/changes.mts`,
    );
  }
  const after =
    edit.where === 'before'
      ? before.slice(0, at) + edit.insert + before.slice(at)
      : edit.where === 'after'
        ? before.slice(0, at + edit.anchor.length) + edit.insert + before.slice(at + edit.anchor.length)
        : before.slice(0, at) + edit.insert + before.slice(at + edit.anchor.length);
  writeFileSync(path, after);
}

/** Applies one change and its regeneration in the copy, commits it, and says what it touched. */
export function applyChange(copy: string, change: Change): Touched {
  for (const edit of change.edits) applyEdit(copy, edit);
  for (const [command, ...args] of change.regenerate) run(copy, command!, args);
  git(copy, 'add', '-A');
  const paths = git(copy, 'diff', '--cached', '--name-only', '-z').split('\0').filter(Boolean).sort();
  git(copy, 'commit', '-q', '--allow-empty', '-m', change.name);
  const isGenerated = (path: string) => GENERATED.some((pattern) => pattern.test(path));
  return {
    change: change.name,
    source: paths.filter((path) => !isGenerated(path)),
    generated: paths.filter(isGenerated),
  };
}

/** The project's typecheck in the copy (`npm run typecheck`: the app and both integrations). */
export function typecheck(copy: string): string {
  try {
    run(copy, 'npm', ['run', 'typecheck', '--silent']);
    return '';
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    return `${failed.stdout ?? ''}${failed.stderr ?? ''}`.trim() || String(error);
  }
}

export function runWorkedExample(options: { keep?: boolean } = {}): Report & { copy: string } {
  const copy = copyRepository();
  try {
    const changes = CHANGES.map((change) => applyChange(copy, change));
    return { changes, typecheck: typecheck(copy), copy };
  } finally {
    if (!options.keep) rmSync(copy, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const report = runWorkedExample({ keep: process.argv.includes('--keep') });
  console.log(JSON.stringify(report, null, 2));
  process.exitCode = report.typecheck ? 1 : 0;
}
