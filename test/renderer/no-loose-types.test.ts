/**
 * The window is typed from the contract (issue 20): no item is a `Record<string, unknown>` and no
 * value is forced through `as unknown as`, so a renamed contract field fails the typecheck here
 * instead of reaching the owner as an empty cell.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const RENDERER = join(ROOT, 'renderer', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sources(join(dir, entry.name))
      : /\.tsx?$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('renderer/src', () => {
  it('has no `as unknown as` and no `Record<string, unknown>`', () => {
    const found = sources(RENDERER).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          /as unknown as|Record<string, unknown>/.test(line)
            ? [`${relative(ROOT, file)}:${i + 1}: ${line.trim()}`]
            : [],
        ),
    );
    expect(found).toEqual([]);
  });
});
