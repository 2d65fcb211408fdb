/**
 * electron-builder's beforeBuild hook: puts better-sqlite3 built for Electron
 * and the target platform where electron-builder.yml's extraResources expects
 * it (out/native/<os>-<arch>/), and answers false so electron-builder leaves
 * node_modules alone (its rebuild would replace the Node build in place and
 * break `npm test`).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronVersion, ensureElectronSqlite } from './electron-sqlite.mjs';

const OS_KEY = { darwin: 'mac', win32: 'win', linux: 'linux' };

export default async function beforeBuild(context) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const platform = context.platform.nodeName;
  const target = {
    electronVersion: context.electronVersion ?? electronVersion(root),
    platform,
    arch: context.arch,
  };
  const binding = await ensureElectronSqlite(root, target, { log: console.log });
  const dir = join(root, 'out', 'native', `${OS_KEY[platform] ?? platform}-${context.arch}`);
  mkdirSync(dir, { recursive: true });
  copyFileSync(binding, join(dir, 'better_sqlite3.node'));
  return false;
}
