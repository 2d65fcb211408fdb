#!/usr/bin/env node
/**
 * Lists every import cycle among the app's own modules (main/, contract/,
 * preload/, renderer/), type-only imports included: `node scripts/check-cycles.mjs`.
 *
 * Imports are read with TypeScript's own scanner (`preProcessFile`: static,
 * type-only, re-exports, `import()` in code and in types) and resolved with
 * its module resolution under tsconfig.json, so `./x.js` finds `x.ts`.
 * Each strongly connected component is one tangle; for each module in it the
 * shortest cycle through that module is printed (duplicates dropped), which
 * names every edge that holds the tangle together without listing the
 * exponentially many elementary cycles. Exits 1 when there is any cycle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FOLDERS = ['main', 'contract', 'preload', 'renderer'];
const SOURCE = /\.(?:[cm]?ts|tsx)$/;

function sourceFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') found.push(...sourceFiles(path));
    } else if (SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      found.push(path);
    }
  }
  return found;
}

function compilerOptions() {
  const configPath = join(root, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return ts.parseJsonConfigFileContent(config, ts.sys, root).options;
}

/** module → the app modules it imports (paths relative to the repository). */
export function importGraph() {
  const options = compilerOptions();
  const files = FOLDERS.flatMap((folder) => sourceFiles(join(root, folder)));
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set();
    for (const { fileName } of importedFiles) {
      const resolved = ts.resolveModuleName(fileName, file, options, ts.sys).resolvedModule;
      if (resolved && known.has(resolve(resolved.resolvedFileName))) {
        targets.add(relative(root, resolve(resolved.resolvedFileName)));
      }
    }
    graph.set(relative(root, file), [...targets].sort());
  }
  return graph;
}

/** Tarjan's strongly connected components, iteratively (no recursion limit). */
function components(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const found = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [node, i] = frame;
      const edges = graph.get(node);
      if (i < edges.length) {
        frame[1]++;
        const to = edges[i];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push([to, 0]);
        } else if (onStack.has(to)) {
          low.set(node, Math.min(low.get(node), index.get(to)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(node)));
      }
      if (low.get(node) === index.get(node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        const selfLoop = component.length === 1 && edges.includes(node);
        if (component.length > 1 || selfLoop) found.push(component.sort());
      }
    }
  }
  return found;
}

/** The shortest cycle from `start` back to itself inside `members` (breadth first). */
function shortestCycle(graph, start, members) {
  const previous = new Map();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (const to of graph.get(node)) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]));
        return [...path, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return undefined;
}

/** A cycle written from its smallest module, so the same loop found from two members reads the same. */
function canonical(cycle) {
  const loop = cycle.slice(0, -1);
  let first = 0;
  for (let i = 1; i < loop.length; i++) if (loop[i] < loop[first]) first = i;
  const turned = [...loop.slice(first), ...loop.slice(0, first)];
  return [...turned, turned[0]];
}

export function findCycles(graph = importGraph()) {
  return components(graph).map((component) => {
    const members = new Set(component);
    const cycles = new Map();
    for (const member of component) {
      const cycle = shortestCycle(graph, member, members);
      if (cycle) {
        const written = canonical(cycle);
        cycles.set(written.join(' → '), written);
      }
    }
    return { modules: component, cycles: [...cycles.values()] };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const graph = importGraph();
  const tangles = findCycles(graph);
  if (tangles.length === 0) {
    console.log(`No import cycles among ${graph.size} modules in ${FOLDERS.join('/, ')}/.`);
  } else {
    for (const [n, { modules, cycles }] of tangles.entries()) {
      console.log(`Tangle ${n + 1}: ${modules.length} modules in one cycle`);
      for (const m of modules) console.log(`  ${m}`);
      console.log('  cycles through them:');
      for (const cycle of cycles) console.log(`    ${cycle.join(' → ')}`);
    }
    const total = tangles.reduce((sum, t) => sum + t.modules.length, 0);
    console.log(`\n${tangles.length} tangle(s), ${total} modules caught in import cycles.`);
    process.exitCode = 1;
  }
}
