/**
 * Summarizes a `node --cpu-prof` profile: self time by area (SQLite, Fastify, zod, zlib, undici,
 * our modules by folder, GC, idle) and by function, top N, and the inclusive time of the functions
 * named by `--incl` (regular expressions on "name file:line"). Only the last `--window` seconds
 * before the last 0.3 s count (a bench child profiled from start: the start-up and warm-up left out).
 *
 *   node scripts/profile-summary.mjs <file.cpuprofile | folder> [--top 15] [--window 8] [--calls N] [--incl 'a|b']
 *
 * With `--calls`, figures are µs per call instead of ms. Used for docs/performance.md's profiles.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
let file = args[0];
if (statSync(file).isDirectory()) {
  const found = readdirSync(file).filter((f) => f.endsWith('.cpuprofile'));
  // The main thread's profile is the largest.
  file = found.map((f) => join(file, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
}
const top = Number(option('top', 15));
const windowUs = Number(option('window', 8)) * 1e6;
const calls = Number(option('calls', 0));
const incl = option('incl');

const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

let at = profile.startTime;
const ends = profile.timeDeltas.map((delta) => (at += delta));
const last = ends[ends.length - 1];
const self = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  if (ends[i] < last - windowUs - 0.3e6 || ends[i] > last - 0.3e6) continue;
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
}

const AREAS = [
  [/better-sqlite3/, 'sqlite (better-sqlite3)'],
  [/drizzle-orm/, 'drizzle'],
  [/node_modules\/(fastify|@fastify|find-my-way|light-my-request|avvio|fast-json|secure-json|toad-cache)/, 'fastify'],
  [/node_modules\/zod/, 'zod'],
  [/zlib/, 'zlib'],
  [/undici/, 'undici'],
  [/\/main\/core\/store\//, 'ours: store'],
  [/\/main\/core\/server\//, 'ours: server'],
  [/\/main\/core\/access\//, 'ours: access'],
  [/\/main\/core\/dispatcher\//, 'ours: dispatcher'],
  [/\/main\/core\/|\/contract\//, 'ours: other'],
  [/^node:|internal\//, 'node internals'],
];
function area(node) {
  const { url, functionName } = node.callFrame;
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(program)') return 'program (VM)';
  if (!url) {
    // A native function: the area of the JavaScript that called it.
    for (let id = parent.get(node.id); id !== undefined; id = parent.get(id)) {
      const caller = byId.get(id);
      if (caller.callFrame.url) return `native under ${area(caller)}`;
    }
    return 'native';
  }
  return AREAS.find(([pattern]) => pattern.test(url))?.[1] ?? `other: ${url.replace(/.*node_modules\//, '').split('/')[0]}`;
}
const nameOf = (node) =>
  `${node.callFrame.functionName || '(anon)'} ${node.callFrame.url.replace(/.*\//, '')}:${node.callFrame.lineNumber + 1}`;

const byArea = new Map();
const byFunction = new Map();
const inclusive = new Map();
const patterns = incl ? incl.split(',').map((text) => new RegExp(text)) : [];
for (const [id, time] of self) {
  const node = byId.get(id);
  byArea.set(area(node), (byArea.get(area(node)) ?? 0) + time);
  byFunction.set(nameOf(node), (byFunction.get(nameOf(node)) ?? 0) + time);
  const seen = new Set();
  for (let up = id; up !== undefined; up = parent.get(up)) {
    const name = nameOf(byId.get(up));
    if (patterns.some((pattern) => pattern.test(name))) seen.add(name);
  }
  for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + time);
}
const idle = byArea.get('idle') ?? 0;
const total = [...self.values()].reduce((a, b) => a + b, 0);
const busy = total - idle;
const figure = (time) => (calls ? `${(time / calls).toFixed(1).padStart(6)} µs` : `${(time / 1e3).toFixed(0).padStart(6)} ms`);
console.log(`${file}: ${(total / 1e6).toFixed(2)} s, busy ${(busy / 1e6).toFixed(2)} s${calls ? `, ${figure(busy)} a call` : ''}`);
for (const [title, map, n] of [
  ['by area', byArea, top],
  ['by function (self)', byFunction, top],
  ['inclusive', inclusive, 40],
]) {
  if (map.size === 0) continue;
  console.log(`-- ${title} (share of busy)`);
  for (const [key, time] of [...map].filter(([key]) => key !== 'idle' && !key.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, n))
    console.log(`${((100 * time) / busy).toFixed(1).padStart(5)} %  ${figure(time)}  ${key}`);
}
