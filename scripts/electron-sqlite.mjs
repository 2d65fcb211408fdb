/**
 * better-sqlite3 built for Electron's ABI, fetched on demand and kept apart
 * from the Node build in node_modules/better-sqlite3 (which `npm test` uses):
 * node_modules/.cache/dversum-electron-sqlite/electron-<version>-<platform>-<arch>/.
 * The app loads it through better-sqlite3's `nativeBinding` option
 * (DVERSUM_SQLITE_BINDING in development, resources/native when packaged).
 *
 * prebuild-install downloads into `<cwd>/build/Release`, so it runs in that
 * cache folder with a copy of better-sqlite3's package.json, never in the
 * package itself.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

/** @param {string} root the project folder */
export function electronVersion(root) {
  return JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

/**
 * @param {string} root
 * @param {{ electronVersion: string, platform: string, arch: string }} target
 */
export function electronSqliteDir(root, target) {
  return join(
    root,
    'node_modules',
    '.cache',
    'dversum-electron-sqlite',
    `electron-${target.electronVersion}-${target.platform}-${target.arch}`,
  );
}

/** @param {string} root @param {{ electronVersion: string, platform: string, arch: string }} target */
export function electronSqliteBinding(root, target) {
  return join(electronSqliteDir(root, target), 'build', 'Release', 'better_sqlite3.node');
}

/**
 * Returns the binding's path, downloading the prebuilt module first when it is
 * not cached. Throws with a one-line reason when no build can be had.
 * @param {string} root
 * @param {{ electronVersion: string, platform: string, arch: string }} target
 * @param {{ timeoutMs?: number, log?: (line: string) => void }} [options]
 */
export async function ensureElectronSqlite(root, target, options = {}) {
  const binding = electronSqliteBinding(root, target);
  if (existsSync(binding)) return binding;
  const dir = electronSqliteDir(root, target);
  mkdirSync(dir, { recursive: true });
  const packageJson = require.resolve('better-sqlite3/package.json', { paths: [root] });
  copyFileSync(packageJson, join(dir, 'package.json'));
  const prebuildInstall = join(
    dirname(require.resolve('prebuild-install/package.json', { paths: [root] })),
    'bin.js',
  );
  options.log?.(
    `dVersum: fetching better-sqlite3 for Electron ${target.electronVersion} (${target.platform}-${target.arch})`,
  );
  const args = [
    prebuildInstall,
    '--runtime',
    'electron',
    '--target',
    target.electronVersion,
    '--platform',
    target.platform,
    '--arch',
    target.arch,
  ];
  const { code, output } = await run(process.execPath, args, dir, options.timeoutMs ?? 120_000);
  if (code === 0 && existsSync(binding)) return binding;
  const reason = output
    .split('\n')
    .map((l) => l.replace(/^prebuild-install (warn|info|ERR!)\s*/, '').trim())
    .filter(Boolean)
    .pop();
  throw new Error(
    `no prebuilt better-sqlite3 for Electron ${target.electronVersion} (${target.platform}-${target.arch}): ${reason ?? `exit code ${code}`}`,
  );
}

function run(command, args, cwd, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (err) => resolve({ code: -1, output: `${output}\n${err.message}` }));
    child.on('close', (code, signal) =>
      resolve({ code: code ?? -1, output: signal ? `${output}\ntimed out (${signal})` : output }),
    );
  });
}
