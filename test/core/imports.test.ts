/**
 * The core's import structure (issue 10): `context.ts` is a leaf every service
 * imports, `core.ts` is imported only by the composition roots, and there is no
 * import cycle at all (type-only imports count). Read with scripts/check-cycles.mjs.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCycles, importGraph } from '../../scripts/check-cycles.mjs';

let graph: Map<string, string[]>;
beforeAll(() => {
  graph = importGraph();
});

const importersOf = (module: string) =>
  [...graph].filter(([, targets]) => targets.includes(module)).map(([from]) => from);

describe('the core context', () => {
  it('context.ts imports no service: no database handle: only the unit of work, clock, settings, outbox and cipher it names', () => {
    expect(graph.get('main/core/context.ts')).toEqual([
      'main/core/clock.ts',
      'main/core/secret-cipher.ts',
      'main/core/settings/settings-store.ts',
      'main/core/store/outbox.ts',
      'main/core/store/unit-of-work.ts',
    ]);
  });

  it('core.ts is imported only by the composition roots (main/index.ts, main/headless/serve.ts, main/headless/backup-cli.ts)', () => {
    expect(importersOf('main/core/core.ts').sort()).toEqual([
      'main/headless/backup-cli.ts',
      'main/headless/serve.ts',
      'main/index.ts',
    ]);
  });

  it('core.ts and context.ts are in no import cycle', () => {
    const tangled = findCycles(graph).flatMap((t) => t.modules);
    expect(tangled).not.toContain('main/core/core.ts');
    expect(tangled).not.toContain('main/core/context.ts');
    expect(tangled).not.toContain('main/core/services.ts');
  });

  it('no import cycle anywhere in main/, contract/, preload/ and renderer/', () => {
    const cycles = findCycles(graph).flatMap((t) => t.cycles.map((c) => c.join(' → ')));
    expect(cycles).toEqual([]);
  });
});

describe('the server and the store', () => {
  it('server/ imports nothing of store/ but its storage errors: the Idempotency-Key table only through the idempotent commit policy (handlers/idempotency.ts)', () => {
    const reaches = [...graph]
      .filter(([from]) => from.startsWith('main/core/server/'))
      .flatMap(([from, targets]) =>
        targets
          .filter((to) => to.startsWith('main/core/store/') && to !== 'main/core/store/storage-errors.ts')
          .map((to) => `${from} → ${to}`),
      );
    expect(reaches).toEqual([]);
    expect(importersOf('main/core/store/repositories/idempotency-keys.ts').sort()).toEqual([
      'main/core/handlers/idempotency.ts',
      'main/core/store/repositories/index.ts',
    ]);
  });
});

/** Every module `start` imports, directly or through others, `start` included. */
function reachableFrom(start: string): string[] {
  const seen = new Set([start]);
  for (const module of seen) for (const target of graph.get(module) ?? []) seen.add(target);
  return [...seen].sort();
}

describe('the shared host wiring', () => {
  it('no Electron import reaches main/host/compose.ts: it runs under plain Node (test/host/compose.test.ts)', () => {
    const reached = reachableFrom('main/host/compose.ts');
    expect(reached).toContain('main/core/server/app.ts');
    expect(
      reached.filter(
        (m) => m.startsWith('main/electron/') || m.startsWith('preload/') || m === 'main/index.ts',
      ),
    ).toEqual([]);
    const electron = /(?:from\s+|import\s+|import\s*\(\s*|require\s*\(\s*)['"]electron(?:\/[^'"]*)?['"]/;
    expect(
      reached.filter((m) => electron.test(readFileSync(new URL(`../../${m}`, import.meta.url), 'utf8'))),
    ).toEqual([]);
  });

  it('both hosts compose through it', () => {
    expect(importersOf('main/host/compose.ts').sort()).toEqual(['main/headless/serve.ts', 'main/index.ts']);
  });
});
