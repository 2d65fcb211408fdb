#!/usr/bin/env node
/**
 * npm start: the desktop app where Electron can run; elsewhere one line says
 * why and headless mode runs instead (scripts/serve.mjs). The choice itself is
 * decideLaunch in launch-decision.mjs; this file gathers the facts and acts.
 *
 * Before Electron starts: its binary is downloaded when missing (npm 11 does
 * not run electron's install script), better-sqlite3 for Electron's ABI is
 * fetched into a cache of its own (electron-sqlite.mjs), and the app is built
 * when the build is missing or older than the sources.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronVersion, ensureElectronSqlite } from './electron-sqlite.mjs';
import { decideLaunch, fallbackLine, findElectronBinary, oneLine } from './launch-decision.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronDir = join(root, 'node_modules', 'electron');

function downloadElectron() {
  console.log(`dVersum: downloading Electron ${electronVersion(root)} (the first start only)...`);
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    encoding: 'utf8',
    timeout: Number(process.env.DVERSUM_DOWNLOAD_TIMEOUT_MS ?? 300_000),
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  if (result.status === 0) return undefined;
  const stderr = result.stderr ?? '';
  const line = stderr.split('\n').find((l) => /error|ENOTFOUND|ECONN|ETIMEDOUT|status/i.test(l)) ?? stderr;
  return oneLine(result.error?.message ?? line ?? `exit code ${result.status}`);
}

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

function buildIsStale() {
  const outputs = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'].map((p) =>
    join(root, p),
  );
  if (outputs.some((p) => !existsSync(p))) return true;
  const built = Math.min(...outputs.map((p) => statSync(p).mtimeMs));
  const sources = ['main', 'preload', 'renderer', 'contract', 'electron.vite.config.ts', 'package.json'];
  return sources.some((s) => newestMtime(join(root, s)) > built);
}

/**
 * Headless mode is `npm run serve`'s launcher run in this very process, not a child of it: so
 * it sits where it sits under `npm run serve` (below npm's shell), and its watch on npm
 * (serve.mjs's `watchLauncher`) stops the server when npm is sent SIGTERM (npm passes it to
 * its shell, and the shell, dying, to no one) or killed with -9, as `npm run serve` does.
 */
async function runHeadless(reason) {
  console.log(fallbackLine(reason));
  await import('./serve.mjs');
}

function forward(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main() {
  const found = findElectronBinary(electronDir);
  /** @type {import('./launch-decision.mjs').LaunchFacts} */
  const facts = {
    platform: process.platform,
    env: process.env,
    electronBinary: found.binary,
    binaryProblem: found.binary ? undefined : found.problem,
  };
  let decision = decideLaunch(facts);
  if (decision.mode === 'download') {
    facts.downloadError = downloadElectron();
    const again = findElectronBinary(electronDir);
    facts.electronBinary = again.binary;
    if (again.binary === null && facts.downloadError === undefined) facts.downloadError = again.problem;
    decision = decideLaunch(facts);
  }
  if (decision.mode === 'electron') {
    try {
      const target = {
        electronVersion: electronVersion(root),
        platform: process.platform,
        arch: process.arch,
      };
      facts.sqliteBinding = await ensureElectronSqlite(root, target, { log: console.log });
    } catch (err) {
      facts.sqliteError = oneLine(err instanceof Error ? err.message : err);
    }
    decision = decideLaunch(facts);
  }
  if (decision.mode !== 'electron')
    return await runHeadless(decision.mode === 'headless' ? decision.reason : 'no Electron binary');

  if (buildIsStale()) {
    const build = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const env = { ...process.env, DVERSUM_SQLITE_BINDING: facts.sqliteBinding };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(decision.binary, [root, ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
  child.on('error', (err) => void runHeadless(`Electron did not start (${oneLine(err.message)})`));
  forward(child);
}

await main();
