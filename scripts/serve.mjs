#!/usr/bin/env node
/**
 * `npm run serve`: headless mode. Builds the window first when its build is
 * missing or older than its sources (renderer/ and contract/), then runs
 * main/headless/serve.ts under Node: bundled by scripts/build-headless.mjs
 * (rebuilt when stale), or with tsx when it cannot be bundled. A failed window
 * build is reported and the server starts anyway (the API needs no window; `/`
 * then says so).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildHeadless, HEADLESS_NODE_FLAGS, headlessEnv } from './build-headless.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const viteConfig = join(root, 'renderer', 'vite.config.ts');
const builtIndex = join(root, 'out', 'renderer', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  if (!existsSync(dir)) return newest;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildIsStale() {
  if (!existsSync(builtIndex)) return true;
  const built = statSync(builtIndex).mtimeMs;
  return Math.max(newestMtime(join(root, 'renderer')), newestMtime(join(root, 'contract'))) > built;
}

if (existsSync(viteConfig) && buildIsStale()) {
  console.log('Building the window (renderer/ changed since the last build)…');
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const build = spawnSync(process.execPath, [vite, 'build', '--config', viteConfig], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    console.error(
      'The window did not build; starting the server anyway (the API works, / shows a placeholder).',
    );
  }
}

// The core as one bundle (rebuilt when main/ or contract/ changed) starts in about half the time
// tsx takes; without esbuild, or if bundling fails, the sources run under tsx as before.
let bundle = null;
try {
  bundle = await buildHeadless();
} catch (err) {
  console.error(`Could not bundle headless mode (${err.message}); running the sources under tsx.`);
}
const entry = bundle ? [bundle] : ['--import', 'tsx', join(root, 'main', 'headless', 'serve.ts')];
// The channel tells the server when this launcher dies (it stops instead of holding the folder).
const child = spawn(process.execPath, [...HEADLESS_NODE_FLAGS, ...entry], {
  cwd: root,
  env: headlessEnv(),
  stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
watchLauncher(() => {
  // npm (or whoever ran us) was killed with -9, which no one forwards: the same for the server.
  child.kill('SIGKILL');
  process.exit(1);
});

/**
 * Calls `gone` when the process that started this one dies, or, under npm, the npm
 * process above the shell it ran: a kill -9 of `npm run serve` signals none of its
 * children, which would otherwise live on holding the data folder and the port.
 */
function watchLauncher(gone) {
  const parent = process.ppid;
  const watched = [parent];
  if (process.env.npm_lifecycle_event && process.platform !== 'win32') {
    // npm runs scripts through `sh -c`; the shell may stay as our parent, npm above it.
    const above = spawnSync('ps', ['-o', 'ppid=,comm=', '-p', String(parent)], { encoding: 'utf8' });
    const [ppid, command] = (above.stdout ?? '').trim().split(/\s+/);
    const grandparent = Number(ppid);
    if (/^(sh|bash|dash|zsh)$/.test(command ?? '') && Number.isInteger(grandparent) && grandparent > 1)
      watched.push(grandparent);
  }
  const alive = (pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return err.code === 'EPERM';
    }
  };
  setInterval(() => {
    if (process.ppid !== parent || !watched.every(alive)) gone();
  }, 200).unref();
}
